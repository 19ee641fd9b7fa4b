import type { FitModelJob } from '@foretell/contracts';
import type { JobLike } from '@foretell/queue';
import { failModel, setForecastIntervals, type Prisma, type PrismaClient } from '@foretell/db';
import { combineSlices, concatLocalArtifacts, deserializeArtifact } from '@foretell/forecasting';
import { loadFit, saveFit } from './fit-model';
import { slicePart } from './shard-part';
import { reportMerging } from './shard-progress';

/**
 * Ends a sharded fit once its shard jobs have ended: the shards' parts combine into exactly the evaluation of all the
 * series at once (intervals and coverage calibrated on every shard's errors), the forecast rows the shards wrote get
 * their intervals, the shards' saved models join into one registry row, and the model completes — saved as any fit
 * (`saveFit`), dropping the shards' parts. A shard that never saved (it failed for good) fails the model.
 */
export async function mergeShards(prisma: PrismaClient, job: JobLike, data: FitModelJob, shards: NonNullable<FitModelJob['shards']>) {
  const { runId, runModelId } = data;
  const fit = await loadFit(prisma, data);
  if ('skipped' in fit) return fit;
  const { run } = fit.runModel;
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
    { horizon: run.horizon, season: run.season, backtest: { windows: run.windows, step: run.step }, model: fit.spec, levels: run.levels },
  );
  const [first] = stored;
  // Every shard read the version the first one pinned (fit-shard.ts): the first's version and hash are all of theirs.
  const shardWarnings = [...new Set(stored.flatMap((s) => s.warnings as string[]))];
  const seriesIds = stored.flatMap((s) => s.seriesIds);
  const artifacts = stored.map((s) => s.artifact);
  const artifact = artifacts.every((a) => a !== null) ? concatLocalArtifacts(artifacts.map((a) => deserializeArtifact(a, null))) : null;

  await saveFit(
    prisma,
    fit,
    {
      evaluation,
      dataWarnings: shardWarnings,
      datasetVersion: first!.datasetVersion,
      datasetHash: first!.datasetHash,
      calendar: first!.calendar as Prisma.InputJsonValue | null,
      trained: artifact ? { model: artifact, seriesKeys: stored.flatMap((s) => s.artifactKeys) } : undefined,
    },
    async (tx) => {
      // The parts are spent (their errors alone can be 100 MB on 100,000 series); a late shard finds the model completed.
      await tx.runModelShard.deleteMany({ where: { runModelId } });
      await setForecastIntervals(
        tx,
        runModelId,
        evaluation.perSeries.map((p, i) => ({ seriesId: seriesIds[i]!, intervals: p.intervals })),
      );
    },
  );
  return { runId, runModelId, shards: shards.count };
}
