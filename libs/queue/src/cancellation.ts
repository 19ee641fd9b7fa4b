import type { Queue, QueueEvents, QueueEventsListener, QueueEventsProducer, Worker } from 'bullmq';
import { shardJobId } from './queues';

/**
 * A custom event on a queue's event stream asking every worker to abort some active jobs. `worker.cancelJob` only
 * reaches jobs of its own process; the stream reaches every worker process, on any machine, and a worker that was
 * reconnecting reads it on return.
 */
const CANCEL_EVENT = 'cancel-requested';
/** The same stream tells every API process that a run was cancelled, for the run's live event streams. */
const RUN_CANCELLED_EVENT = 'run-cancelled';
/** BullMQ's default length of a queue's event stream: publishing must not trim it shorter. */
const EVENTS_MAX_LENGTH = 10_000;

/** Why a job's AbortSignal fired: the user cancelled it, or its worker is shutting down and hands it back. */
export const ABORT_REASONS = { cancelled: 'cancelled', shutdown: 'shutdown' } as const;

interface CancelListener extends QueueEventsListener {
  [CANCEL_EVENT]: (args: { jobId: string }, id: string) => void;
  [RUN_CANCELLED_EVENT]: (args: { runId: string }, id: string) => void;
}

/** Asks the workers of the producer's queue to abort these jobs if they are running them (a no-op for the others). */
export async function requestCancel(producer: QueueEventsProducer, jobIds: readonly string[]): Promise<void> {
  for (const jobId of jobIds) await producer.publishEvent({ eventName: CANCEL_EVENT, jobId }, EVENTS_MAX_LENGTH);
}

/** Aborts the signal of `worker`'s active jobs that someone asks to cancel (sandboxed children are told by BullMQ). */
export function relayCancels(events: QueueEvents, worker: Worker, onCancel?: (jobId: string, running: boolean) => void): void {
  events.on<CancelListener, typeof CANCEL_EVENT>(CANCEL_EVENT, ({ jobId }) => {
    const running = worker.cancelJob(jobId, ABORT_REASONS.cancelled);
    onCancel?.(jobId, running);
  });
}

/** The job ids of these models' fits: each fit job and, for a sharded fit, its shard jobs (to remove or cancel). */
export async function fitJobIds(fits: Queue, runModelIds: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const runModelId of runModelIds) {
    const job = await fits.getJob(runModelId);
    const count = (job?.data as { shards?: { count: number } } | undefined)?.shards?.count ?? 0;
    ids.push(...Array.from({ length: count }, (_, index) => shardJobId(runModelId, index)), runModelId);
  }
  return ids;
}

/**
 * Announces a cancelled run at once: its fit jobs that never started are removed without an event, and the parent job
 * that ends it may wait behind other runs (or for a worker), so its end is no way to learn of the cancel.
 */
export async function announceRunCancelled(producer: QueueEventsProducer, runId: string): Promise<void> {
  await producer.publishEvent({ eventName: RUN_CANCELLED_EVENT, runId }, EVENTS_MAX_LENGTH);
}

export function onRunCancelled(events: QueueEvents, listener: (runId: string) => void): void {
  events.on<CancelListener, typeof RUN_CANCELLED_EVENT>(RUN_CANCELLED_EVENT, ({ runId }) => listener(runId));
}
