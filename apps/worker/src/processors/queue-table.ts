import { QUEUES, type QueueName } from '@foretell/contracts';
import type { JobLike } from '@foretell/queue';
import type { WorkerEnv } from '../env';
import forecasts from './forecasts.processor';
import type { InProcessContext } from './in-process-context';
import ingest from './ingest.processor';
import modelFits from './model-fits.processor';
import runs from './runs.processor';
import schedules from './schedules.processor';
import webhooks from './webhooks.processor';

export type JobProcessor = (job: JobLike, token?: string, signal?: AbortSignal) => Promise<unknown>;

/**
 * How the worker processes each queue. Sandboxed: CPU-bound work runs in BullMQ child processes (the processor is
 * called there, with the database of that child), so the worker's event loop keeps renewing locks. In-process: a few
 * queries each, run in the worker with its shared connections and queues.
 */
export type QueueEntry =
  | { sandboxed: JobProcessor; concurrency: (env: WorkerEnv) => number }
  | { inProcess: (context: InProcessContext) => JobProcessor; concurrency: (env: WorkerEnv) => number };

export const QUEUE_TABLE: Record<QueueName, QueueEntry> = {
  [QUEUES.ingest]: { sandboxed: ingest, concurrency: (env) => env.INGEST_CONCURRENCY },
  [QUEUES.modelFits]: { sandboxed: modelFits, concurrency: (env) => env.FIT_CONCURRENCY },
  // Forecasts from saved models are interactive and short: one at a time beside the fits.
  [QUEUES.forecasts]: { sandboxed: forecasts, concurrency: () => 1 },
  [QUEUES.runs]: { inProcess: runs, concurrency: () => 1 },
  [QUEUES.schedules]: { inProcess: schedules, concurrency: () => 1 },
  [QUEUES.webhooks]: { inProcess: webhooks, concurrency: () => 1 },
};
