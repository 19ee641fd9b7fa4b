import type { Run, Schedule } from '@foretell/contracts';

export type LatestRun = Pick<Run, 'id' | 'status' | 'createdAt' | 'finishedAt' | 'error'>;

/** Each schedule's newest run (by creation), from a list of runs: what its "last run" really came to. */
export function latestRunBySchedule(runs: readonly Pick<Run, 'scheduleId' | keyof LatestRun>[]): Map<string, LatestRun> {
  const latest = new Map<string, LatestRun>();
  for (const run of runs) {
    if (!run.scheduleId) continue;
    const held = latest.get(run.scheduleId);
    if (!held || Date.parse(run.createdAt) > Date.parse(held.createdAt)) latest.set(run.scheduleId, run);
  }
  return latest;
}

/**
 * What the "next run" cell says: nothing while paused; "due now" once the time has passed and no worker has taken
 * the firing yet (the list would otherwise show a time in the past as if it were ahead); else the time.
 */
export function nextRunState(s: Pick<Schedule, 'paused' | 'nextRunAt'>, now: number): { kind: 'paused' } | { kind: 'due' } | { kind: 'at'; at: string } | { kind: 'unknown' } {
  if (s.paused) return { kind: 'paused' };
  if (!s.nextRunAt) return { kind: 'unknown' };
  return Date.parse(s.nextRunAt) <= now ? { kind: 'due' } : { kind: 'at', at: s.nextRunAt };
}

/** Whether a schedule has a run queued or running: the list keeps refreshing until it ends. */
export const isBusy = (run: LatestRun | undefined): boolean => run?.status === 'queued' || run?.status === 'running';
