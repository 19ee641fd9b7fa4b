import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProcessor, isFinalAttempt, UserError, type JobLike } from './processor';

const job = (data: unknown, attemptsMade = 0): JobLike =>
  ({ id: '1', name: 'test', data, attemptsMade, opts: { attempts: 3 }, updateProgress: async () => undefined, moveToWait: async () => 0 }) as JobLike;

describe('defineProcessor', () => {
  const processor = defineProcessor(z.object({ runId: z.string().uuid() }), async ({ runId }) => {
    if (runId.startsWith('0')) throw new UserError('bad data');
    if (runId.startsWith('1')) throw new Error('connection reset');
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
    await expect(transient).rejects.toThrow('connection reset');
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
