import { weightedRunProgress, type LeaderboardEntry, type MetricName, type Run, type RunStatus } from '@foretell/contracts';

export function isFinished(status: RunStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** The metric runs rank their models by (MASE, ties by sMAPE: apps/worker/src/runs/finish-run.ts). */
export const RANKING_METRIC = 'mase' satisfies MetricName;

/** Best rank first; unranked models (still training, or failed) after, in their original order. */
export function sortByRank(entries: LeaderboardEntry[]): LeaderboardEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      const ra = a.entry.rank ?? Number.POSITIVE_INFINITY;
      const rb = b.entry.rank ?? Number.POSITIVE_INFINITY;
      return ra === rb ? a.index - b.index : ra - rb;
    })
    .map(({ entry }) => entry);
}

/**
 * A model's progress: the live fraction from the events stream while it trains (the run itself is only refetched
 * on milestones), otherwise what the API last said.
 */
export function progressOf(entry: LeaderboardEntry, live: ReadonlyMap<string, number>): number {
  if (isFinished(entry.status)) return entry.status === 'completed' ? 1 : entry.progress;
  return Math.max(entry.progress, live.get(entry.runModelId) ?? 0);
}

/**
 * Overall progress of a run: its models' progress weighted by their expected seconds (contracts' fit-cost.ts), so a
 * long neural fit counts for what it takes. `points`: the dataset's, when known.
 */
export function runProgress(run: Pick<Run, 'leaderboard' | 'backtest'>, live: ReadonlyMap<string, number>, points = 0): number {
  return weightedRunProgress(run, points, (e) => progressOf(e, live));
}

/** Columns the leaderboard sorts by. */
export const SORT_KEYS = ['rank', 'smape', 'mase', 'rmse', 'mae', 'coverage', 'fitSeconds', 'parameters', 'backend'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/**
 * How far a model's intervals are from what they promise: the mean of |coverage − level| over the run's levels
 * (0 is perfectly calibrated). Null without coverage.
 */
export function coverageGap(entry: LeaderboardEntry, levels: readonly number[]): number | null {
  const gaps = levels
    .map((level) => {
      const c = entry.coverage?.[String(level)];
      return c === null || c === undefined ? null : Math.abs(c - level / 100);
    })
    .filter((g): g is number => g !== null);
  return gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null;
}

/** The value an entry sorts by under `key`; null when it has none (still training, failed, not a neural model). */
export function sortValue(entry: LeaderboardEntry, key: SortKey, levels: readonly number[]): number | string | null {
  switch (key) {
    case 'rank':
      return entry.rank;
    case 'coverage':
      return coverageGap(entry, levels);
    case 'fitSeconds':
      return entry.fitSeconds;
    case 'parameters':
      return entry.report?.parameterCount ?? null;
    case 'backend':
      return entry.backend;
    default: {
      const value = entry.metrics?.[key];
      return value === undefined || value === null || !Number.isFinite(value) ? null : value;
    }
  }
}
