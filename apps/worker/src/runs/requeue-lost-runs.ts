import { RUN_PRIORITY } from '@foretell/contracts';
import { modelsToFit, planFits, shardSeriesSetting, type PrismaClient } from '@foretell/db';
import { enqueueRun, type FlowProducer, type Queue } from '@foretell/queue';

/** A run younger than this may be between its insert and its enqueue in the API: not lost, just new. */
const MIN_AGE_MS = 10_000;

/**
 * Queues again the runs Postgres says are unfinished but Redis holds no job for: Redis lost its data (restarted
 * without persistence, flushed, failed over). Only unfinished models get a fit job; with none left, the parent alone
 * ranks the run. Enqueueing is idempotent (job ids are row ids), so every worker may sweep at once.
 */
export async function requeueLostRuns(prisma: PrismaClient, flows: FlowProducer, runsQueue: Queue): Promise<string[]> {
  const runs = await prisma.run.findMany({
    where: { status: { in: ['queued', 'running'] }, createdAt: { lt: new Date(Date.now() - MIN_AGE_MS) } },
    select: { id: true, trigger: true, datasetId: true, covariates: true, models: { select: { id: true, kind: true, status: true } } },
  });
  const requeued: string[] = [];
  for (const run of runs) {
    if (await runsQueue.getJob(run.id)) continue;
    const unfinished = modelsToFit(run.models).filter((m) => m.status === 'queued' || m.status === 'running');
    // Shards already saved are not redone: their jobs find their rows and end at once.
    const fits = await planFits(prisma, run, unfinished, shardSeriesSetting());
    await enqueueRun(flows, { runId: run.id, fits, priority: RUN_PRIORITY[run.trigger] });
    requeued.push(run.id);
  }
  return requeued;
}
