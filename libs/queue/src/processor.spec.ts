import { Logger, type LoggerService } from '@nestjs/common';
import { UnrecoverableError, WaitingError } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProcessor, InternalError, isFinalAttempt, publicError, UserError, type JobLike } from './processor';

const job = (data: unknown, attemptsMade = 0): JobLike =>
  ({ id: '1', name: 'test', data, attemptsMade, opts: { attempts: 3 }, updateProgress: async () => undefined, moveToWait: async () => 0 }) as JobLike;

describe('defineProcessor', () => {
  const processor = defineProcessor(z.object({ runId: z.string().uuid() }), async ({ runId }) => {
    if (runId.startsWith('0')) throw new UserError('bad data');
    if (runId.startsWith('1')) throw new Error('connection reset');
    if (runId.startsWith('2')) throw new Error(PRISMA_ERROR);
    return runId;
  });

  it('hands the parsed payload to the handler', async () => {
    await expect(processor(job({ runId: 'a1b2c3d4-0000-4000-8000-000000000000' }))).resolves.toMatch(/^a1b2/);
  });
  it('fails a malformed payload at once, unretried', async () => {
    await expect(processor(job({ runId: 42 }))).rejects.toBeInstanceOf(UnrecoverableError);
  });
  it('turns user errors into unrecoverable ones and lets transient errors retry', async () => {
    await expect(processor(job({ runId: '0a000000-0000-4000-8000-000000000000' }))).rejects.toBeInstanceOf(UnrecoverableError);
    const transient = processor(job({ runId: '1a000000-0000-4000-8000-000000000000' }));
    await expect(transient).rejects.not.toBeInstanceOf(UnrecoverableError);
    await expect(transient).rejects.toBeInstanceOf(InternalError);
  });
  it('shows users a plain message with a ref for internal errors, and logs the full error under that ref', async () => {
    const failure = await processor(job({ runId: '2a000000-0000-4000-8000-000000000000' })).then(
      () => new Error('resolved'),
      (error: Error) => error,
    );
    expect(failure.message).toMatch(/^Internal error while running job test \(ref [0-9a-f]{8}\); the team has the details\.$/);
    const ref = /ref ([0-9a-f]{8})/.exec(failure.message)![1];
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`ref ${ref}`);
    expect(logged[0]).toContain(PRISMA_ERROR);
  });
});

const PRISMA_ERROR = 'Invalid `prisma.runModel.update()` invocation in /app/libs/db/src/run-state.ts:64:3 — table public.RunModel';
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  const capture = (message: unknown) => void logged.push(String(message));
  Logger.overrideLogger({ log: capture, error: capture, warn: capture } satisfies LoggerService);
});
afterEach(() => Logger.overrideLogger(false));

describe('publicError', () => {
  it("keeps the user's own mistakes verbatim, unretried", () => {
    const shown = publicError(new UserError('Horizon 30 is longer than series "a" (12 points).'), 'fitting theta');
    expect(shown).toBeInstanceOf(UnrecoverableError);
    expect(shown.message).toBe('Horizon 30 is longer than series "a" (12 points).');
    expect(logged).toEqual([]);
  });
  it("passes BullMQ's signals and already-mapped errors through unchanged, logging nothing more", () => {
    const waiting = new WaitingError();
    expect(publicError(waiting, 'fitting theta')).toBe(waiting);
    const mapped = publicError(new Error(PRISMA_ERROR), 'fitting theta');
    expect(mapped.message).toMatch(/^Internal error while fitting theta \(ref [0-9a-f]{8}\)/);
    expect(publicError(mapped, 'running job fit-model')).toBe(mapped);
    expect(logged).toHaveLength(1);
  });
  it('never repeats the internal text, whatever was thrown', () => {
    for (const thrown of [new TypeError(PRISMA_ERROR), PRISMA_ERROR, { message: PRISMA_ERROR }]) {
      expect(publicError(thrown, 'fitting theta').message).not.toMatch(/prisma|RunModel|\/app\//i);
    }
  });
});

describe('isFinalAttempt', () => {
  it('is final on the last attempt or for errors that cannot be retried', () => {
    expect(isFinalAttempt(job({}, 0), new Error('x'))).toBe(false);
    expect(isFinalAttempt(job({}, 2), new Error('x'))).toBe(true);
    expect(isFinalAttempt(job({}, 0), new UserError('x'))).toBe(true);
    // Errors from sandboxed processors arrive as plain errors carrying the name.
    expect(isFinalAttempt(job({}, 0), Object.assign(new Error('x'), { name: 'UnrecoverableError' }))).toBe(true);
  });
});
