import { scheduledRunJobSchema } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import { defineProcessor, scheduleTiming, syncJobScheduler, type Queue } from '@foretell/queue';
import { announceRunOutcome } from '../schedules/run-outcome';
import { startScheduledRun } from '../schedules/scheduled-run';
import type { InProcessContext } from './in-process-context';

/** In-process: a schedule's job scheduler fired; it creates the scheduled run (a few queries). */
export default ({ db: { prisma }, flows, queues }: InProcessContext) =>
  defineProcessor(scheduledRunJobSchema, async (data, job) => {
    const outcome = await startScheduledRun(prisma, flows, job, data);
    // Redis kept a scheduler whose schedule Postgres no longer has: it must not fire again.
    if (outcome.status === 'deleted') await queues.schedules.removeJobScheduler(data.scheduleId);
    // A run refused at creation never reaches the run pipeline: its outcome (webhook, repeated failures) is recorded here.
    if (outcome.status === 'rejected' && outcome.runId) await announceRunOutcome(prisma, queues, outcome.runId);
    return outcome;
  });

/** Re-applies every schedule to Redis: Postgres is the truth, and Redis may have restarted empty. Returns how many. */
export async function restoreSchedules(prisma: PrismaClient, schedules: Queue): Promise<number> {
  const rows = await prisma.schedule.findMany();
  for (const row of rows) await syncJobScheduler(schedules, { id: row.id, paused: row.paused, timing: scheduleTiming(row) });
  return rows.length;
}
