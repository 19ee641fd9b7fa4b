import { describe, expect, it } from 'vitest';
import { retryOnConflict } from './retry-conflicts';

const conflict = () => Object.assign(new Error('Transaction failed due to a write conflict or a deadlock'), { code: 'P2034' });

describe('retryOnConflict', () => {
  it('runs a transaction Postgres aborted for a conflict again, and answers its result', async () => {
    let calls = 0;
    const result = await retryOnConflict(async () => {
      calls++;
      if (calls < 3) throw conflict();
      return 'done';
    });
    expect([result, calls]).toEqual(['done', 3]);
  });

  it('gives up after its attempts, and never retries other errors', async () => {
    let calls = 0;
    await expect(retryOnConflict(async () => { calls++; throw conflict(); }, 2)).rejects.toMatchObject({ code: 'P2034' });
    expect(calls).toBe(2);
    calls = 0;
    await expect(retryOnConflict(async () => { calls++; throw new Error('no such run'); })).rejects.toThrow('no such run');
    expect(calls).toBe(1);
  });
});
