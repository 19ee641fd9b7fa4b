import type { Run } from '@foretell/contracts';

/**
 * Seconds a run has worked: from its start to its end, or to `now` while it runs. Null before it starts (queued) and
 * for a run that ended without starting (cancelled in the queue).
 */
export function runDurationSeconds(run: Pick<Run, 'startedAt' | 'finishedAt'>, now: number): number | null {
  if (!run.startedAt) return null;
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : null;
}
