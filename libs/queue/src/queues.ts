import {
  FlowProducer,
  Queue,
  QueueEvents,
  QueueEventsProducer,
  Worker,
  type ConnectionOptions,
  type Processor,
  type WorkerOptions,
} from 'bullmq';
import { JOBS, QUEUES, type QueueName, type QueuedFit } from '@foretell/contracts';

/** Defaults for every job: retry transient failures with backoff, keep a bounded history. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** Where queues live: a Redis connection and a key prefix (tests and installations sharing a Redis use their own). */
export interface QueueTarget {
  connection: ConnectionOptions;
  prefix: string;
}

/** One factory for every queue (no per-queue singletons). */
export function createQueue(name: QueueName, target: QueueTarget): Queue {
  return new Queue(name, { ...target, defaultJobOptions: DEFAULT_JOB_OPTIONS });
}

export function createQueueEvents(name: QueueName, target: QueueTarget): QueueEvents {
  return new QueueEvents(name, target);
}

/**
 * A worker for one queue. `processor` is a function (runs in this process: only for light work) or the absolute path
 * of a sandboxed processor file, which BullMQ runs in child processes so training never stalls lock renewal.
 */
export function createWorker(
  name: QueueName,
  processor: Processor | string,
  target: QueueTarget,
  options: Omit<WorkerOptions, 'connection' | 'prefix'> = {},
): Worker {
  return new Worker(name, processor, { ...target, ...options });
}

/**
 * Queues a run as a flow: one `fit-model` child per model and a `finish-run` parent that ranks them once all children
 * are done. A sharded fit's `fit-model` job has one `fit-shard` child per shard (any worker takes each) and merges
 * them once they have ended. A failed child does not block its parent (its failure is recorded on the model). Job ids
 * are the row ids (a shard's: `${runModelId}.${index}`), so enqueuing the same run twice adds nothing. `priority` is
 * BullMQ's (lower first; `RUN_PRIORITY` by trigger): fit jobs of interactive runs are taken before those of scheduled ones.
 */
export async function enqueueRun(flows: FlowProducer, run: { runId: string; fits: readonly QueuedFit[]; priority: number }): Promise<void> {
  const { runId, priority } = run;
  const fitOptions = (jobId: string) => ({ ...DEFAULT_JOB_OPTIONS, jobId, ignoreDependencyOnFailure: true, priority });
  await flows.add({
    name: JOBS.finishRun,
    queueName: QUEUES.runs,
    data: { runId },
    opts: { ...DEFAULT_JOB_OPTIONS, jobId: runId, priority },
    children: run.fits.map(({ runModelId, shards }) => ({
      name: JOBS.fitModel,
      queueName: QUEUES.modelFits,
      data: { runId, runModelId, ...(shards && { shards }) },
      opts: fitOptions(runModelId),
      children: Array.from({ length: shards?.count ?? 0 }, (_, index) => ({
        name: JOBS.fitShard,
        queueName: QUEUES.modelFits,
        data: { runId, runModelId, index, of: shards!.count, series: shards!.series },
        opts: fitOptions(shardJobId(runModelId, index)),
      })),
    })),
  });
}

/** The job id of a model's shard (also what a cancel names to stop it). */
export function shardJobId(runModelId: string, index: number): string {
  return `${runModelId}.${index}`;
}

/** The model a shard's job id belongs to; null for any other job id (a model's own fit job is named by the model). */
export function modelOfShardJob(jobId: string): string | null {
  const dot = jobId.lastIndexOf('.');
  return dot > 0 && /^\d+$/.test(jobId.slice(dot + 1)) ? jobId.slice(0, dot) : null;
}

/** Jobs still to be done or in progress; a queue with none of these has nothing left of a run. */
export const UNFINISHED_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'waiting-children'] as const;

export function createQueueEventsProducer(name: QueueName, target: QueueTarget): QueueEventsProducer {
  return new QueueEventsProducer(name, target);
}

export function createFlowProducer(target: QueueTarget): FlowProducer {
  return new FlowProducer(target);
}
