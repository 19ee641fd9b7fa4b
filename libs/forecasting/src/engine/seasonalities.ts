import { fillMissing } from '../core/fill';
import { detectSeasonalities } from '../stats/seasonality';

/** A candidate period and how many series of a dataset show it. */
export interface DetectedSeasonality {
  period: number;
  series: number;
}

/**
 * What a run reports of its data's seasonality: for each candidate period (ascending), how many series show it by
 * `detectSeasonalities` on the whole series, gaps filled linearly. For display: the models test the candidates on
 * each training history themselves, so no backtest sees the future through this.
 */
export function detectDatasetSeasonalities(series: readonly Float64Array[], candidates: readonly number[]): DetectedSeasonality[] {
  const counts = new Map([...new Set(candidates)].filter((p) => p > 1).sort((a, b) => a - b).map((p) => [p, 0]));
  for (const values of series) {
    for (const p of detectSeasonalities(fillMissing(values, 'linear').values, candidates)) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return [...counts].map(([period, count]) => ({ period, series: count }));
}
