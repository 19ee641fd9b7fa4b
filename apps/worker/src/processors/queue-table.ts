import { QUEUES, type QueueName } from '@foretell/contracts';
import type { JobLike } from '@foretell/queue';
import type { WorkerEnv } from '../env';
import type { InProcessContext } from './in-process-context';

export type JobProcessor = (job: JobLike, token?: string, signal?: AbortSignal) => Promise<unknown>;
/**
 * A processor file, loaded only where it runs: the worker never loads the sandboxed ones (the ingest parsers alone are
 * 600 modules), and a sandboxed child loads only its queue's file.
 */
type ProcessorFile<T> = () => { default: T };

/**
 * How the worker processes each queue. Sandboxed: CPU-bound work runs in BullMQ child processes (the processor is
 * called there, with the database of that child), so the worker's event loop keeps renewing locks. In-process: a few
 * queries each, run in the worker with its shared connections and queues.
 */
export type QueueEntry =
  | { sandboxed: ProcessorFile<JobProcessor>; concurrency: (env: WorkerEnv) => number }
  | { inProcess: ProcessorFile<(context: InProcessContext) => JobProcessor>; concurrency: (env: WorkerEnv) => number };

export const QUEUE_TABLE: Record<QueueName, QueueEntry> = {
  [QUEUES.ingest]: { sandboxed: () => require('./ingest.processor') as typeof import('./ingest.processor'), concurrency: (env) => env.INGEST_CONCURRENCY },
  [QUEUES.modelFits]: { sandboxed: () => require('./model-fits.processor') as typeof import('./model-fits.processor'), concurrency: (env) => env.FIT_CONCURRENCY },
  // Forecasts from saved models are interactive and short: one at a time beside the fits.
  [QUEUES.forecasts]: { sandboxed: () => require('./forecasts.processor') as typeof import('./forecasts.processor'), concurrency: () => 1 },
  // Scoring appended actuals reads series values: sandboxed like ingest.
  [QUEUES.liveAccuracy]: { sandboxed: () => require('./live-accuracy.processor') as typeof import('./live-accuracy.processor'), concurrency: () => 1 },
  [QUEUES.runs]: { inProcess: () => require('./runs.processor') as typeof import('./runs.processor'), concurrency: () => 1 },
  [QUEUES.schedules]: { inProcess: () => require('./schedules.processor') as typeof import('./schedules.processor'), concurrency: () => 1 },
  [QUEUES.webhooks]: { inProcess: () => require('./webhooks.processor') as typeof import('./webhooks.processor'), concurrency: () => 1 },
};
