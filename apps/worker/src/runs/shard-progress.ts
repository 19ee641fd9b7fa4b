import type { ModelProgress } from '@foretell/contracts';
import { reportModelProgress, type Prisma, type PrismaClient } from '@foretell/db';
import type { JobLike } from '@foretell/queue';

/**
 * The share of a sharded model's bar its shards fill, one step as each saves; its merge (intervals calibrated on every
 * shard's errors, written to every row) fills the rest.
 */
const SHARDS_SHARE = 0.9;

type ModelIds = Pick<ModelProgress, 'runId' | 'runModelId'>;

/**
 * A shard saved: its model is at `done` of `of` shards saved. Called in the transaction that saves the shard, which
 * holds the model's row (`joinFit`), so siblings count and report one after another: the model's progress and its
 * events only move forward, whatever order the shards end in.
 */
export async function reportShardsDone(tx: Prisma.TransactionClient, job: JobLike, ids: ModelIds, of: number): Promise<void> {
  const done = await tx.runModelShard.count({ where: { runModelId: ids.runModelId } });
  const progress: ModelProgress = { ...ids, fraction: (SHARDS_SHARE * done) / of, phase: { kind: 'shards', done, of } };
  await reportModelProgress(tx, ids.runModelId, progress);
  await job.updateProgress(progress);
}

/** Every shard saved: the model's merge starts where they left its bar. */
export async function reportMerging(prisma: PrismaClient, job: JobLike, ids: ModelIds): Promise<void> {
  const progress: ModelProgress = { ...ids, fraction: SHARDS_SHARE, phase: { kind: 'merging' } };
  await job.updateProgress(progress);
  await reportModelProgress(prisma, ids.runModelId, progress);
}
