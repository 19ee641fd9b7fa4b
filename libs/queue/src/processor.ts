import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
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
 * Wraps a processor: parses `job.data` with its schema (a bad payload fails at once, unretried), and turns what it
 * throws into what users may read (`publicError`): their own mistakes unretried and verbatim, anything else a plain
 * message with a reference to the worker log.
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
      throw publicError(error, `running job ${job.name}`, job);
    }
  };
}

/** An error caused by the user's data or configuration: retrying cannot help, and its message is shown to them. */
export class UserError extends Error {
  override name = 'UserError';
}

/** A failure whose details are in the worker log only; users read its message, which names the log record's ref. */
export class InternalError extends Error {
  override name = 'InternalError';
}

/**
 * A failure outside this system (a webhook receiver's answer, or none): its message is fit to show as it is, and the
 * job is retried as after any error. The worker's failed-job record (a warning) is its log: it is no internal error.
 */
export class ExternalError extends Error {
  override name = 'ExternalError';
}

/** Errors already fit to show, or BullMQ's own signals (moved to wait or delay), which must reach it unchanged. */
const SHOWN_AS_THEY_ARE = new Set(['UnrecoverableError', 'InternalError', 'ExternalError', 'WaitingError', 'DelayedError', 'WaitingChildrenError', 'RateLimitError']);
const logger = new Logger('jobs');
const INTERNAL_FAILURE = 'Internal error while';

/**
 * What a job's failure may tell users (stored as a model's or upload's error, relayed in events): a `UserError`
 * verbatim (unretried), anything else — Prisma errors with table names, paths, stack fragments — as "Internal error
 * while <doing> (ref …)", logged here in full under that ref. Returns an `InternalError` as it is, so a caller that
 * maps first (to store the message) and rethrows is not logged twice.
 */
export function publicError(error: unknown, doing: string, job?: Pick<JobLike, 'id' | 'name'>): Error {
  if (error instanceof UserError) return new UnrecoverableError(error.message);
  if (error instanceof Error && SHOWN_AS_THEY_ARE.has(error.name)) return error;
  const ref = randomBytes(4).toString('hex');
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  logger.error(`${INTERNAL_FAILURE} ${doing} (ref ${ref}): ${detail}`, { ref, ...(job && { job: job.name, jobId: job.id }) });
  return new InternalError(`${INTERNAL_FAILURE} ${doing} (ref ${ref}); the team has the details.`);
}

/** Whether a job's failure message is one of `publicError`'s internal errors (our fault), not the user's. */
export function isInternalFailure(message: string): boolean {
  return message.startsWith(INTERNAL_FAILURE);
}

/** True when this attempt is the job's last, so a failure now is final. */
export function isFinalAttempt(job: JobLike, error: unknown): boolean {
  // Names, not instanceof: errors from sandboxed processors cross a process boundary as plain objects.
  const name = error instanceof Error ? error.name : '';
  return name === 'UnrecoverableError' || name === 'UserError' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
