import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { QUEUES, RUN_PRIORITY } from '@foretell/contracts';
import { ABORT_REASONS, relayCancels, requestCancel } from './cancellation';
import { createRedisConnection } from './connection';
import {
  createFlowProducer,
  createQueue,
  createQueueEvents,
  createQueueEventsProducer,
  createWorker,
  enqueueRun,
  modelOfShardJob,
  shardJobId,
  type QueueTarget,
} from './queues';

/** Against the real Redis, under a prefix of its own. */
describe('run queues', () => {
  const connection = createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const target: QueueTarget = { connection, prefix: `queue-spec-${randomUUID().slice(0, 8)}` };
  const runs = createQueue(QUEUES.runs, target);
  const fits = createQueue(QUEUES.modelFits, target);
  const flows = createFlowProducer(target);
  const closing: { close(): Promise<unknown> }[] = [];

  afterAll(async () => {
    await Promise.all(closing.map((c) => c.close()));
    await Promise.all([runs.obliterate({ force: true }), fits.obliterate({ force: true })]);
    await Promise.all([runs.close(), fits.close(), flows.close()]);
    await connection.quit();
  });

  it('queues one fit per model under a parent that waits for them, idempotently', async () => {
    const runId = randomUUID();
    const runModelIds = [randomUUID(), randomUUID()];
    const fitsOf = runModelIds.map((runModelId) => ({ runModelId }));
    await enqueueRun(flows, { runId, fits: fitsOf, priority: RUN_PRIORITY.manual });
    await enqueueRun(flows, { runId, fits: fitsOf, priority: RUN_PRIORITY.manual }); // a retried request adds nothing

    expect(await fits.getJobCountByTypes('waiting', 'prioritized')).toBe(2);
    const parent = await runs.getJob(runId);
    expect(await parent?.getState()).toBe('waiting-children');
    const child = await fits.getJob(runModelIds[0]!);
    expect(child?.data).toEqual({ runId, runModelId: runModelIds[0] });
    expect(child?.opts.ignoreDependencyOnFailure).toBe(true);
    expect(child?.opts.attempts).toBe(3);
    await fits.drain(true);
  });

  it('splits a sharded fit into shard jobs its fit job waits for, idempotently', async () => {
    const runId = randomUUID();
    const runModelId = randomUUID();
    const plan = { runId, fits: [{ runModelId, shards: { count: 3, series: 7 } }], priority: RUN_PRIORITY.manual };
    await enqueueRun(flows, plan);
    await enqueueRun(flows, plan);

    expect(await fits.getJobCountByTypes('waiting', 'prioritized')).toBe(3);
    const merge = await fits.getJob(runModelId);
    expect(await merge?.getState()).toBe('waiting-children');
    expect(merge?.data).toEqual({ runId, runModelId, shards: { count: 3, series: 7 } });
    const shards = await Promise.all([0, 1, 2].map((i) => fits.getJob(shardJobId(runModelId, i))));
    expect(shards.map((job) => job?.data)).toEqual([0, 1, 2].map((index) => ({ runId, runModelId, index, of: 3, series: 7 })));
    expect(shards.every((job) => job?.opts.ignoreDependencyOnFailure)).toBe(true);
    expect(shards.map((job) => modelOfShardJob(job!.id!))).toEqual([runModelId, runModelId, runModelId]);
    expect([modelOfShardJob(runModelId), modelOfShardJob(runId)]).toEqual([null, null]);
    await fits.drain(true);
  });

  it('takes the fits of an interactive run before those of a scheduled run queued earlier', async () => {
    const twoFits = () => [{ runModelId: randomUUID() }, { runModelId: randomUUID() }];
    const scheduled = { runId: randomUUID(), fits: twoFits(), priority: RUN_PRIORITY.schedule };
    const manual = { runId: randomUUID(), fits: twoFits(), priority: RUN_PRIORITY.manual };
    await enqueueRun(flows, scheduled);
    await enqueueRun(flows, manual);
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      const worker = createWorker(
        QUEUES.modelFits,
        async (job) => {
          order.push(job.data.runId);
          if (order.length === 4) resolve();
        },
        target,
        { concurrency: 1 },
      );
      closing.push(worker);
    });
    await done;
    expect(order).toEqual([manual.runId, manual.runId, scheduled.runId, scheduled.runId]);
    await closing.pop()!.close();
  });

  it('aborts an active job of whichever worker runs it when a cancel is requested', async () => {
    const jobId = randomUUID();
    let aborted: unknown;
    const started = new Promise<void>((resolve) => {
      const worker = createWorker(
        QUEUES.modelFits,
        (_job, _token, signal) =>
          new Promise((_, reject) => {
            resolve();
            signal?.addEventListener('abort', () => {
              aborted = signal.reason;
              reject(new Error('stopped'));
            });
          }),
        target,
        { concurrency: 1 },
      );
      const events = createQueueEvents(QUEUES.modelFits, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: target.prefix });
      relayCancels(events, worker);
      closing.push(worker, events);
    });
    await fits.add('fit-model', {}, { jobId, attempts: 1 });
    await started;
    const producer = createQueueEventsProducer(QUEUES.modelFits, target);
    closing.push(producer);
    // The events listener reads from the stream's end: give it a moment to be listening before publishing.
    await new Promise((r) => setTimeout(r, 300));
    await requestCancel(producer, [jobId]);
    await expect.poll(async () => (await fits.getJob(jobId))?.failedReason, { timeout: 10_000 }).toBe('stopped');
    expect(aborted).toBe(ABORT_REASONS.cancelled);
  });
});
