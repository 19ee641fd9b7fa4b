import { CronExpressionParser } from 'cron-parser';
import type { Queue } from 'bullmq';
import { JOBS, MIN_SCHEDULE_SECONDS, type ScheduledRunJob } from '@foretell/contracts';

const SCHEDULED_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential' as const, delay: 2_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };

/** When a schedule fires: a cron pattern read in a time zone, or a fixed interval. */
export type ScheduleTiming = { cron: string; timezone?: string | null } | { everySeconds: number };

/** The timing of a stored schedule (it holds exactly one of cron and everySeconds). */
export function scheduleTiming(row: { cron: string | null; timezone: string | null; everySeconds: number | null }): ScheduleTiming {
  return row.cron ? { cron: row.cron, timezone: row.timezone } : { everySeconds: row.everySeconds ?? 0 };
}

/** Why a timing cannot be used, in words the user can act on; null when it is valid. */
export function timingProblem(timing: ScheduleTiming): string | null {
  if (!('cron' in timing)) {
    return timing.everySeconds < MIN_SCHEDULE_SECONDS ? `everySeconds must be at least ${MIN_SCHEDULE_SECONDS} seconds.` : null;
  }
  const tz = timing.timezone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    return `"${tz}" is not an IANA time zone (e.g. "Europe/Paris", "UTC").`;
  }
  const fields = timing.cron.trim().split(/\s+/).length;
  // cron-parser reads a shorter pattern's fields from the right ("0 3 * *" fires on January 3rd), and a longer one is
  // a typo: a pattern is five fields, or six with seconds first; a predefined one (@daily) is a single word.
  if (fields !== 5 && fields !== 6 && !timing.cron.trim().startsWith('@')) {
    return (
      `"${timing.cron}" is not a cron pattern: it has ${fields} field${fields === 1 ? '' : 's'}, and a pattern has five (minute hour ` +
      `day-of-month month day-of-week), e.g. "0 3 * * 1" for Mondays at 03:00 (or six, seconds first).`
    );
  }
  try {
    const expression = CronExpressionParser.parse(timing.cron, { tz, strict: false });
    // With one second value, two firings are at least a minute apart (MIN_SCHEDULE_SECONDS); with more, they are not.
    if (expression.fields.second.values.length > 1) {
      return `cron "${timing.cron}" fires more than once a minute; schedules run at most once every ${MIN_SCHEDULE_SECONDS} seconds.`;
    }
    return null;
  } catch (error) {
    return `"${timing.cron}" is not a cron pattern (minute hour day-of-month month day-of-week): ${(error as Error).message}`;
  }
}

/**
 * Makes the queue's job scheduler match a schedule: one BullMQ job scheduler per schedule (its id), which survives
 * restarts in Redis, or none while paused. Postgres holds the schedules; calling this again is harmless, so the worker
 * re-applies every schedule at boot (Redis may have lost them). An interval schedule first fires one interval after it
 * is created, resumed or given a new interval (BullMQ would fire at once); re-applying it keeps its next time.
 */
export async function syncJobScheduler(
  queue: Queue,
  schedule: { id: string; paused: boolean; timing: ScheduleTiming },
): Promise<void> {
  if (schedule.paused) {
    await queue.removeJobScheduler(schedule.id);
    return;
  }
  const { timing } = schedule;
  const repeat =
    'cron' in timing
      ? { pattern: timing.cron, tz: timing.timezone ?? 'UTC' }
      : { every: timing.everySeconds * 1000, startDate: Date.now() + timing.everySeconds * 1000 };
  const data: ScheduledRunJob = { scheduleId: schedule.id };
  await queue.upsertJobScheduler(schedule.id, repeat, {
    name: JOBS.scheduledRun,
    data,
    opts: SCHEDULED_JOB_OPTIONS,
  });
}

/** Queues one firing of a schedule now, beside its timing ("run now"); the run's id derives from this job's. */
export async function fireScheduleNow(queue: Queue, scheduleId: string): Promise<void> {
  const data: ScheduledRunJob = { scheduleId };
  await queue.add(JOBS.scheduledRun, data, { ...SCHEDULED_JOB_OPTIONS, jobId: `now-${scheduleId}-${Date.now()}` });
}

/** When the schedule fires next, if it is active. */
export async function nextScheduledRun(queue: Queue, scheduleId: string): Promise<Date | null> {
  const scheduler = await queue.getJobScheduler(scheduleId);
  return scheduler?.next ? new Date(scheduler.next) : null;
}
