import type { FitModelJob } from '@foretell/contracts';
import type { JobLike } from '@foretell/queue';
import { completeModel, failModel, recordCalendarUsed, setForecastIntervals, type Prisma, type PrismaClient } from '@foretell/db';
import { combineSlices, concatLocalArtifacts, deserializeArtifact } from '@foretell/forecasting';
import { trainedModelRow } from '../registry/trained-model';
import { loadFit, SAVE_TIMEOUT_MS, throwIfCancelled } from './fit-model';
import { slicePart } from './shard-part';
import { reportMerging } from './shard-progress';

/**
 * Ends a sharded fit once its shard jobs have ended: the shards' parts combine into exactly the evaluation of all the
 * series at once (intervals and coverage calibrated on every shard's errors), the forecast rows the shards wrote get
 * their intervals, the shards' saved models join into one registry row, and the model completes — in one transaction
 * that completes it only if it still runs, and drops the shards' parts. A shard that never saved (it failed for good) fails the model.
 */
export async function mergeShards(prisma: PrismaClient, job: JobLike, data: FitModelJob, shards: NonNullable<FitModelJob['shards']>) {
  const { runId, runModelId } = data;
  const fit = await loadFit(prisma, data);
  if ('skipped' in fit) return fit;
  const { runModel, spec } = fit;
  const { run } = runModel;
  const stored = await prisma.runModelShard.findMany({ where: { runModelId }, orderBy: { index: 'asc' } });
  const missing = Array.from({ length: shards.count }, (_, i) => i).filter((i) => !stored.some((s) => s.index === i));
  if (missing.length > 0) {
    await failModel(prisma, runModelId, `Shard ${missing.map((i) => i + 1).join(', ')} of ${shards.count} did not finish.`);
    return { runId, runModelId, skipped: 'failed' };
  }
  // A model no longer running is found so by the save below.
  await reportMerging(prisma, job, { runId, runModelId });
  const evaluation = combineSlices(
    stored.map((s) => slicePart(s.part)),
    { horizon: run.horizon, season: run.season, backtest: { windows: run.windows, step: run.step }, model: spec, levels: run.levels },
  );
  const [first] = stored;
  const versions = [...new Set(stored.map((s) => s.datasetVersion))];
  const shardWarnings = [...new Set(stored.flatMap((s) => s.warnings as string[]))];
  if (versions.length > 1) shardWarnings.push(`rows were appended during the fit: its shards read dataset versions ${versions.join(', ')}`);
  const seriesIds = stored.flatMap((s) => s.seriesIds);
  const artifacts = stored.map((s) => s.artifact);
  const artifact = artifacts.every((a) => a !== null) ? concatLocalArtifacts(artifacts.map((a) => deserializeArtifact(a, null))) : null;

  const saved = await prisma.$transaction(
    async (tx) => {
      const done = await completeModel(tx, runModelId, {
        message: null,
        metrics: evaluation.metrics,
        perStep: evaluation.perStep,
        coverage: evaluation.coverage,
        warnings: [...shardWarnings, ...evaluation.warnings].slice(0, 50),
        fitSeconds: evaluation.fitSeconds,
        predictSeconds: evaluation.predictSeconds,
        backend: evaluation.backend,
        datasetVersion: first!.datasetVersion,
        datasetHash: first!.datasetHash,
      });
      if (!done) return false;
      // The parts are spent (their errors alone can be 100 MB on 100,000 series); a late shard finds the model completed.
      await tx.runModelShard.deleteMany({ where: { runModelId } });
      if (first!.calendar) await recordCalendarUsed(tx, runId, first!.calendar as Prisma.InputJsonValue);
      await setForecastIntervals(
        tx,
        runModelId,
        evaluation.perSeries.map((p, i) => ({ seriesId: seriesIds[i]!, intervals: p.intervals })),
      );
      if (artifact) {
        const model = trainedModelRow(
          { ...run, runModelId, kind: runModel.kind, params: spec.params, datasetVersion: first!.datasetVersion, datasetHash: first!.datasetHash },
          { model: artifact, seriesKeys: stored.flatMap((s) => s.artifactKeys), metrics: evaluation.metrics, backend: evaluation.backend },
        );
        await tx.trainedModel.upsert({ where: { runModelId }, create: model, update: model });
      }
      return true;
    },
    { timeout: SAVE_TIMEOUT_MS },
  );
  if (!saved) await throwIfCancelled(prisma, runModelId);
  return { runId, runModelId, shards: shards.count };
}
