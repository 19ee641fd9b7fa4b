import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { QUEUES } from '@foretell/contracts';
import { createQueue, createWorker, type QueueTarget } from './queues';
import { nextScheduledRun, syncJobScheduler, timingProblem } from './schedules';
import type { Queue } from 'bullmq';

const target: QueueTarget = { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: `test-schedules-${randomUUID()}` };
let queue: Queue;

beforeAll(() => {
  queue = createQueue(QUEUES.schedules, target);
});
afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
});

describe('timingProblem', () => {
  it('accepts cron patterns in IANA zones and intervals', () => {
    expect(timingProblem({ cron: '0 3 * * 1', timezone: 'Europe/Paris' })).toBeNull();
    expect(timingProblem({ everySeconds: 60 })).toBeNull();
  });
  it('names what is wrong with a pattern or a zone', () => {
    expect(timingProblem({ cron: 'every monday' })).toMatch(/not a cron pattern/);
    expect(timingProblem({ cron: '0 3 * * 1', timezone: 'Mars/Olympus' })).toMatch(/not an IANA time zone/);
  });
  it('refuses a pattern of any other number of fields than five (six with seconds first), saying so with an example', () => {
    // cron-parser reads a short pattern's fields from the right: "0 3 * *" would fire on January 3rd at midnight.
    expect(timingProblem({ cron: '0 3 * *' })).toBe(
      '"0 3 * *" is not a cron pattern: it has 4 fields, and a pattern has five (minute hour day-of-month month day-of-week), e.g. "0 3 * * 1" for Mondays at 03:00 (or six, seconds first).',
    );
    expect(timingProblem({ cron: '0 3' })).toMatch(/it has 2 fields, and a pattern has five/);
    expect(timingProblem({ cron: '30 14 * *' })).toMatch(/it has 4 fields, and a pattern has five/);
    expect(timingProblem({ cron: '0 0 3 * * * *' })).toMatch(/it has 7 fields, and a pattern has five/);
    expect(timingProblem({ cron: '  0  3 * * 1 ' })).toBeNull();
    expect(timingProblem({ cron: '@daily' })).toBeNull();
    // "1" is a valid value in every field: only the count decides.
    const pattern = (count: number, every: boolean[]) => Array.from({ length: count }, (_, i) => (every[i] ? '*' : '1')).join(' ');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (count, every) => {
        const problem = timingProblem({ cron: pattern(count, every) });
        if (count === 5) expect(problem).toBeNull();
        else if (count === 6) expect(problem === null || /more than once a minute/.test(problem)).toBe(true);
        else expect(problem).toContain(`it has ${count} field${count === 1 ? '' : 's'}, and a pattern has five`);
      }),
    );
  });
  it('refuses timings that fire more often than once a minute', () => {
    expect(timingProblem({ everySeconds: 1 })).toMatch(/everySeconds.*at least 60 seconds/);
    expect(timingProblem({ everySeconds: 59 })).toMatch(/everySeconds/);
    expect(timingProblem({ everySeconds: 60 })).toBeNull();
    expect(timingProblem({ cron: '*/5 * * * * *' })).toMatch(/cron.*more than once a minute/);
    expect(timingProblem({ cron: '0,30 * * * * *' })).toMatch(/cron.*more than once a minute/);
    expect(timingProblem({ cron: '30 * * * * *' })).toBeNull();
    expect(timingProblem({ cron: '* * * * *' })).toBeNull();
  });
});

describe('syncJobScheduler', () => {
  it('creates one scheduler per schedule, moves it on update, and removes it while paused', async () => {
    const id = randomUUID();
    await syncJobScheduler(queue, { id, paused: false, timing: { everySeconds: 3600 } });
    await syncJobScheduler(queue, { id, paused: false, timing: { everySeconds: 3600 } });
    expect(await queue.getJobSchedulersCount()).toBe(1);
    const next = await nextScheduledRun(queue, id);
    expect(next!.getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect(next!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);

    await syncJobScheduler(queue, { id, paused: false, timing: { cron: '0 3 * * *', timezone: 'UTC' } });
    const cronNext = await nextScheduledRun(queue, id);
    expect(cronNext!.getUTCHours()).toBe(3);
    expect(cronNext!.getUTCMinutes()).toBe(0);

    await syncJobScheduler(queue, { id, paused: true, timing: { everySeconds: 3600 } });
    expect(await nextScheduledRun(queue, id)).toBeNull();
    expect(await queue.getJobSchedulersCount()).toBe(0);
  });

  it('fires an interval schedule first after one interval, when nextScheduledRun says, and keeps that time when re-applied', async () => {
    const id = randomUUID();
    const fired: number[] = [];
    const worker = createWorker(QUEUES.schedules, async () => void fired.push(Date.now()), target);
    try {
      const synced = Date.now();
      await syncJobScheduler(queue, { id, paused: false, timing: { everySeconds: 2 } });
      const next = (await nextScheduledRun(queue, id))!.getTime();
      expect(next).toBeGreaterThanOrEqual(synced + 2_000);
      expect(next).toBeLessThan(Date.now() + 2_100);
      // Re-applied (as the worker does at boot, or an unrelated edit): the time stays, nothing fires early.
      await syncJobScheduler(queue, { id, paused: false, timing: { everySeconds: 2 } });
      expect((await nextScheduledRun(queue, id))!.getTime()).toBe(next);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(fired).toEqual([]);
      for (let i = 0; i < 40 && fired.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(fired[0]).toBeGreaterThanOrEqual(next - 50);
      expect((await nextScheduledRun(queue, id))!.getTime()).toBe(next + 2_000);
    } finally {
      await worker.close();
      await queue.removeJobScheduler(id);
    }
  });
});
