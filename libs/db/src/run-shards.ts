import { backendEnvSchema, MODEL_CATALOGUE, modelKindSchema, type QueuedFit } from '@foretell/contracts';
import type { PrismaClient } from './generated/client';

/**
 * The shard size configured for this process (`RUN_SHARD_SERIES` of the backend environment, checked at boot too),
 * read where a run is queued, whichever process queues it.
 */
export function shardSeriesSetting(env: Record<string, string | undefined> = process.env): number {
  const parsed = backendEnvSchema.shape.RUN_SHARD_SERIES.safeParse(env.RUN_SHARD_SERIES);
  if (!parsed.success) throw new Error(`RUN_SHARD_SERIES must be a positive integer, got "${env.RUN_SHARD_SERIES}"`);
  return parsed.data;
}

/**
 * How each model of a run is fitted: a local model (one fit per series) on more series than `shardSeries` is split
 * into shards of that many consecutive series, which any worker takes; global models (one fit on all series) and runs
 * that name their target and covariate series stay one job.
 */
export async function planFits(
  db: Pick<PrismaClient, 'series'>,
  run: { datasetId: string; covariates: unknown },
  models: readonly { id: string; kind: string }[],
  shardSeries: number,
): Promise<QueuedFit[]> {
  const shardable = run.covariates == null && models.some((m) => !MODEL_CATALOGUE[modelKindSchema.parse(m.kind)].global);
  const count = shardable ? await db.series.count({ where: { datasetId: run.datasetId } }) : 0;
  const shards = Math.ceil(count / shardSeries);
  return models.map((m) =>
    shards >= 2 && !MODEL_CATALOGUE[modelKindSchema.parse(m.kind)].global
      ? { runModelId: m.id, shards: { count: shards, series: shardSeries } }
      : { runModelId: m.id },
  );
}

/**
 * The dataset version every shard of a sharded fit reads. Appends replace a series' values in place (older versions
 * are not kept), so shards that read at different times could mix versions in one model: the first shard to read pins
 * the version and content hash it read on the model, and each shard checks it read that one. Returns the pinned
 * version (null when the model is gone); another than `read.version` means the shard must not be used.
 */
export async function pinShardVersion(
  db: Pick<PrismaClient, 'runModel'>,
  runModelId: string,
  read: { version: number; contentHash: string | null },
): Promise<number | null> {
  // Two first shards racing: Postgres re-checks `datasetVersion: null` once the other's update commits, so one pins.
  await db.runModel.updateMany({ where: { id: runModelId, datasetVersion: null }, data: { datasetVersion: read.version, datasetHash: read.contentHash } });
  const model = await db.runModel.findUnique({ where: { id: runModelId }, select: { datasetVersion: true } });
  return model?.datasetVersion ?? null;
}
