import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import { openTestDatabase, type Database } from '@foretell/db';
import { announceRunOutcome } from './run-outcome';

describe('announceRunOutcome', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('worker_outcome');
  });
  afterAll(() => db?.close());

  it('announces nothing, and does not fail, for a run deleted with its dataset meanwhile', async () => {
    const added: unknown[] = [];
    const queue = { add: async (...args: unknown[]) => added.push(args) } as unknown as Queue;
    await expect(announceRunOutcome(db.prisma, { webhooks: queue, schedules: queue }, '00000000-0000-4000-8000-000000000000')).resolves.toBeUndefined();
    expect(added).toEqual([]);
  });
});
