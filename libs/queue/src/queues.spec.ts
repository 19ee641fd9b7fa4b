import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { QUEUES } from '@foretell/contracts';
import { createRedisConnection } from './connection';
import { createFlowProducer, createQueue, enqueueRun, type QueueTarget } from './queues';

/** Against the real Redis, under a prefix of its own. */
describe('enqueueRun', () => {
  const connection = createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const target: QueueTarget = { connection, prefix: `queue-spec-${randomUUID().slice(0, 8)}` };
  const runs = createQueue(QUEUES.runs, target);
  const fits = createQueue(QUEUES.modelFits, target);
  const flows = createFlowProducer(target);

  afterAll(async () => {
    await Promise.all([runs.obliterate({ force: true }), fits.obliterate({ force: true })]);
    await Promise.all([runs.close(), fits.close(), flows.close()]);
    await connection.quit();
  });

  it('queues one fit per model under a parent that waits for them, idempotently', async () => {
    const runId = randomUUID();
    const runModelIds = [randomUUID(), randomUUID()];
    await enqueueRun(flows, { runId, runModelIds });
    await enqueueRun(flows, { runId, runModelIds }); // a retried request adds nothing

    expect(await fits.getWaitingCount()).toBe(2);
    const parent = await runs.getJob(runId);
    expect(await parent?.getState()).toBe('waiting-children');
    const child = await fits.getJob(runModelIds[0]!);
    expect(child?.data).toEqual({ runId, runModelId: runModelIds[0] });
    expect(child?.opts.ignoreDependencyOnFailure).toBe(true);
    expect(child?.opts.attempts).toBe(3);
  });
});
