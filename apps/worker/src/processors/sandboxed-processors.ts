import { JOBS } from '@foretell/contracts';
import { ChildCommand, UnrecoverableError, type JobLike } from '@foretell/queue';
import fitModel from './fit-model.processor';
import forecastFromModel from './forecast-from-model.processor';
import ingest from './ingest.processor';
import liveAccuracy from './live-accuracy.processor';

type SandboxedProcessor = (job: JobLike, token?: string, signal?: AbortSignal) => Promise<unknown>;

/** The processors that run in sandboxed child processes (CPU-bound work), by job name. */
const processors: Record<string, SandboxedProcessor> = {
  [JOBS.ingestDataset]: ingest,
  [JOBS.fitModel]: fitModel,
  [JOBS.forecastFromModel]: forecastFromModel,
  [JOBS.scoreActuals]: liveAccuracy,
};

let running = 0;

/** BullMQ calls it with the job, its lock token and the AbortSignal it aborts on `worker.cancelJob`. */
export async function runSandboxedJob(job: JobLike, token?: string, signal?: AbortSignal): Promise<unknown> {
  const processor = processors[job.name];
  if (!processor) throw new UnrecoverableError(`No sandboxed processor for job "${job.name}".`);
  running++;
  try {
    return await processor(job, token, signal);
  } finally {
    running--;
  }
}

/**
 * The worker starts a job on this child while it still runs one only after giving that one up (Redis lost it, so a
 * command the child asked for failed): the old job runs for nobody, and BullMQ would refuse every job sent here from
 * now on ("cannot start a not idling child process") until their attempts are spent. Exit instead: the new job fails
 * once and is retried on a fresh child. Prepended: it must see the message before BullMQ's listener starts the job.
 */
process.prependListener('message', (message: unknown) => {
  if (running > 0 && (message as { cmd?: unknown } | null)?.cmd === ChildCommand.Start) process.exit(1);
});
