import type { LoggerService } from '@nestjs/common';
import { QUEUES } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import {
  ABORT_REASONS,
  createFlowProducer,
  createQueue,
  createQueueEvents,
  relayCancels,
  type Job,
  type QueueTarget,
  type Worker,
} from '@foretell/queue';
import { requeueLostRuns } from './runs/requeue-lost-runs';

/** The ids a job's log records carry, so a run can be followed across processes (`runId`, `jobId`, `runModelId`). */
export function jobFields(queue: string, job: Pick<Job, 'id' | 'data' | 'attemptsStarted'> | undefined) {
  const data = (job?.data ?? {}) as Record<string, unknown>;
  const ids = ['runId', 'runModelId', 'datasetId', 'uploadId', 'scheduleId'].filter((key) => typeof data[key] === 'string');
  // attemptsStarted counts stalled and handed-back starts too: which start of the job this record is about.
  return { queue, jobId: job?.id, attempt: job?.attemptsStarted, ...Object.fromEntries(ids.map((key) => [key, data[key]])) };
}

/** Connection errors repeat on every reconnection attempt while Redis is away: one record per this long is enough. */
const CONNECTION_ERROR_LOG_MS = 5_000;

function throttledErrors(logger: LoggerService, fields: Record<string, unknown>) {
  let last = 0;
  return (error: Error) => {
    if (Date.now() - last < CONNECTION_ERROR_LOG_MS) return;
    last = Date.now();
    logger.error(`Worker error: ${error.message}`, fields);
  };
}

/** One structured record per job start, end, failure and stall. */
export function logJobEvents(worker: Worker, logger: LoggerService): void {
  worker.on('active', (job) => logger.log('Job started', jobFields(worker.name, job)));
  worker.on('completed', (job) => logger.log('Job completed', jobFields(worker.name, job)));
  worker.on('failed', (job, error) => logger.warn(`Job failed: ${error.message}`, jobFields(worker.name, job)));
  worker.on('stalled', (jobId) => logger.warn('Job stalled (its worker stopped renewing the lock): back to the queue', { queue: worker.name, jobId }));
  worker.on('error', throttledErrors(logger, { queue: worker.name }));
}

/** Every worker process listens for cancel requests and aborts the fits it is running. */
export function listenForCancels(fits: Worker, target: QueueTarget, logger: LoggerService) {
  const events = createQueueEvents(QUEUES.modelFits, target);
  events.on('error', throttledErrors(logger, { queue: fits.name, listener: 'cancels' }));
  relayCancels(events, fits, (jobId, running) => {
    if (running) logger.log('Cancelling the fit', { queue: fits.name, jobId, runModelId: jobId });
  });
  return { close: () => events.close() };
}

/**
 * Sweeps for runs Redis lost, at start and every `intervalMs`. Failures (Redis or Postgres still down) are logged and
 * retried on the next sweep.
 */
export function recoverLostRuns(prisma: PrismaClient, target: QueueTarget, intervalMs: number, logger: LoggerService) {
  const flows = createFlowProducer(target);
  const runs = createQueue(QUEUES.runs, target);
  const report = throttledErrors(logger, { queue: runs.name, listener: 'recovery' });
  flows.on('error', report);
  runs.on('error', report);
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      for (const runId of await requeueLostRuns(prisma, flows, runs)) logger.warn('Run lost from Redis: queued again', { runId });
    } catch (error) {
      logger.warn(`Could not look for lost runs: ${(error as Error).message}`);
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  void sweep();
  return {
    close: async () => {
      clearInterval(timer);
      await Promise.allSettled([flows.close(), runs.close()]);
    },
  };
}

/**
 * Stops taking jobs and lets active ones finish; those still running after `graceMs` are aborted with the shutdown
 * reason, which hands a fit back to the queue (another worker takes it at once, without using an attempt).
 */
export async function closeWorkers(workers: readonly Worker[], graceMs: number, logger: LoggerService): Promise<void> {
  const handBack = setTimeout(() => {
    logger.log(`Active jobs still running after ${graceMs} ms: handing them back`);
    for (const worker of workers) worker.cancelAllJobs(ABORT_REASONS.shutdown);
  }, graceMs);
  await Promise.allSettled(workers.map((w) => w.close()));
  clearTimeout(handBack);
}
