import type { LeaderboardEntry, RunStatus } from '@foretell/contracts';

export function isFinished(status: RunStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

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

/** Overall progress of a run: the mean of its models'. */
export function runProgress(entries: LeaderboardEntry[], live: ReadonlyMap<string, number>): number {
  if (!entries.length) return 0;
  return entries.reduce((sum, e) => sum + progressOf(e, live), 0) / entries.length;
}
