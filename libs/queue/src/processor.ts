import { UnrecoverableError, type Job } from 'bullmq';
import type { z } from 'zod';

/** The part of a BullMQ job a processor uses; satisfied by both `Job` and sandboxed jobs. */
export type JobLike = Pick<Job, 'id' | 'name' | 'data' | 'attemptsMade' | 'opts' | 'updateProgress' | 'moveToWait'>;

/** What BullMQ hands a processor besides the job: its lock token and an AbortSignal (`worker.cancelJob`). */
export interface JobControl {
  token?: string;
  signal?: AbortSignal;
}

/**
 * Wraps a processor: parses `job.data` with its schema (a bad payload fails at once, unretried), and turns errors the
 * user must fix into `UnrecoverableError` so BullMQ does not retry them.
 */
export function defineProcessor<S extends z.ZodType, R>(
  schema: S,
  handle: (data: z.infer<S>, job: JobLike, control: JobControl) => Promise<R>,
): (job: JobLike, token?: string, signal?: AbortSignal) => Promise<R> {
  return async (job, token, signal) => {
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`Invalid payload for job ${job.name} ${job.id}: ${parsed.error.message}`);
    }
    try {
      return await handle(parsed.data, job, { token, signal });
    } catch (error) {
      if (error instanceof UserError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}

/** An error caused by the user's data or configuration: retrying cannot help, and its message is shown to them. */
export class UserError extends Error {
  override name = 'UserError';
}

/** True when this attempt is the job's last, so a failure now is final. */
export function isFinalAttempt(job: JobLike, error: unknown): boolean {
  // Names, not instanceof: errors from sandboxed processors cross a process boundary as plain objects.
  const name = error instanceof Error ? error.name : '';
  return name === 'UnrecoverableError' || name === 'UserError' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
