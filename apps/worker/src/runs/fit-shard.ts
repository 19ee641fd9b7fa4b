import type { FitShardJob } from '@foretell/contracts';
import { claimShard, insertForecasts, joinFit, loadDatasetSnapshot, pinShardVersion, type Database, type Prisma } from '@foretell/db';
import { evaluateSlice, serializeArtifact } from '@foretell/forecasting';
import { UserError, type JobLike } from '@foretell/queue';
import { engineInput, FitCancelledError, forecastRows, loadFit, progressReporter, SAVE_TIMEOUT_MS, stoppedBy } from './fit-model';
import { frequencyOf, seriesForRun } from './run-series';
import { storedPart } from './shard-part';
import { reportShardsDone } from './shard-progress';

/**
 * Fits one shard of a local model: its range of the run's series, loaded alone, evaluated as a slice (no intervals:
 * those need every series' errors). Saved once, with its series' forecast rows, in a transaction that checks the
 * model still runs; a shard already saved (a redelivered or retried job, or a sibling's retry) is not redone. The
 * model's `fit-model` job merges the shards once they have ended.
 */
export async function fitShard({ prisma, pool }: Database, job: JobLike, data: FitShardJob, signal?: AbortSignal) {
  const { runId, runModelId, index, of } = data;
  const fit = await loadFit(prisma, data);
  if ('skipped' in fit) return { ...fit, index };
  const saved = () => prisma.runModelShard.findUnique({ where: { runModelId_index: { runModelId, index } }, select: { index: true } });
  if (await saved()) return { runId, runModelId, index, skipped: 'done' };
  if (!(await claimShard(prisma, runId, runModelId, of))) return { runId, runModelId, index, skipped: 'cancelled' };
  const { runModel, spec } = fit;
  const { run } = runModel;

  const abort = new AbortController();
  const forward = () => abort.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  try {
    // This shard's own progress; its model moves only as shards save (reportShardsDone).
    const report = progressReporter(prisma, job, { runId, runModelId, shard: { index, of } }, abort);
    await report(0, { phase: { kind: 'loading' } });
    const frequency = frequencyOf(run.dataset.profile);
    const last = index === of - 1;
    // The last shard reads to the end: series appended since the run was planned are fitted too.
    const dataset = await loadDatasetSnapshot(pool, run.datasetId, { offset: index * data.series, ...(!last && { limit: data.series }) });
    if (!dataset) throw new UserError(`Dataset ${run.datasetId} of run ${runId} no longer exists.`);
    // Every shard must read the version the first one read (older values are not kept): none is mixed into the model.
    const pinned = await pinShardVersion(prisma, runModelId, dataset);
    if (pinned !== dataset.version) {
      throw new UserError(
        `Rows were appended to the dataset while this model was fitted in shards: its shards read version ${pinned}, ` +
          `shard ${index + 1} of ${of} found version ${dataset.version}. A model's shards must all read the same data: run it again.`,
      );
    }
    const { targets: series, covariates, warnings, calendar } = seriesForRun(dataset.series, run, spec, frequency);
    const { fitReport: _report, artifact, ...slice } = await evaluateSlice(engineInput(run, spec, series, covariates, frequency, abort.signal, report)).catch(
      stoppedBy(abort.signal, report),
    );

    await report(1, { phase: { kind: 'saving' } });
    const rows = forecastRows(series, slice.scored.perSeries, run.season);
    const stored = artifact && serializeArtifact(artifact.model).json;
    const kept = await prisma.$transaction(
      async (tx) => {
        if (!(await joinFit(tx, runModelId))) return false;
        const { count } = await tx.runModelShard.createMany({
          data: [
            {
              runModelId,
              index,
              part: storedPart(slice),
              seriesIds: series.map((s) => s.id),
              artifact: stored as Prisma.InputJsonValue | undefined,
              artifactKeys: artifact ? artifact.series.map((i) => series[i]!.key) : [],
              datasetVersion: dataset.version,
              datasetHash: dataset.contentHash,
              warnings,
              calendar: calendar as Prisma.InputJsonValue | undefined,
            },
          ],
          skipDuplicates: true,
        });
        // A duplicate of this job saved it first: its rows (and its step of the model's progress) stand.
        if (count > 0) {
          await insertForecasts(tx, runModelId, rows);
          await reportShardsDone(tx, job, { runId, runModelId }, of);
        }
        return true;
      },
      { timeout: SAVE_TIMEOUT_MS },
    );
    if (!kept) throw new FitCancelledError('Cancelled while saving.');
    return { runId, runModelId, index };
  } finally {
    signal?.removeEventListener('abort', forward);
  }
}
