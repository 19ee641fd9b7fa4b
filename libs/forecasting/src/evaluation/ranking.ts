import type { MetricName, Metrics } from '@foretell/contracts';

/**
 * Ranks entries by one metric, lower is better: 1 for the best, ties share a rank, entries without the metric
 * get null (they come last on a leaderboard).
 */
export function rankBy(entries: readonly { metrics: Metrics | null }[], metric: MetricName): (number | null)[] {
  const value = (i: number) => entries[i].metrics?.[metric] ?? null;
  const scored = entries.map((_, i) => i).filter((i) => value(i) !== null && Number.isFinite(value(i)));
  scored.sort((a, b) => (value(a) as number) - (value(b) as number));
  const ranks: (number | null)[] = entries.map(() => null);
  scored.forEach((i, position) => {
    const previous = scored[position - 1];
    ranks[i] = position > 0 && value(previous) === value(i) ? (ranks[previous] as number) : position + 1;
  });
  return ranks;
}
