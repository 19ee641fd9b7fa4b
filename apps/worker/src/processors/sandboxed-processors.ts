import { ConsoleLogger, Logger } from '@nestjs/common';
import { loggerOptions, type QueueName } from '@foretell/contracts';
import { ChildCommand, UnrecoverableError, type JobLike } from '@foretell/queue';
import { loadEnv } from '../env';
import { QUEUE_TABLE } from './queue-table';

// This child has no Nest app: its records (internal errors logged under their ref) take the worker's log format,
// and its stdout is piped into the worker's.
Logger.overrideLogger(new ConsoleLogger(loggerOptions(loadEnv())));

let running = 0;

/** BullMQ calls it in the child with the job (of the queue it was sent from), its lock token and the AbortSignal it aborts on `worker.cancelJob`. */
export async function runSandboxedJob(job: JobLike & { queueName: string }, token?: string, signal?: AbortSignal): Promise<unknown> {
  const entry = QUEUE_TABLE[job.queueName as QueueName];
  if (!entry || !('sandboxed' in entry)) throw new UnrecoverableError(`No sandboxed processor for queue "${job.queueName}".`);
  running++;
  try {
    return await entry.sandboxed().default(job, token, signal);
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
