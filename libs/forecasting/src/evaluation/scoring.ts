import type { MetricName, Metrics } from '@foretell/contracts';
import { mae, maseScale, rmse, smape } from './metrics';

export const METRIC_NAMES: readonly MetricName[] = ['smape', 'mase', 'mae', 'rmse'];

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The four leaderboard metrics of one forecast window. MASE is null where the training data has no seasonal
 * variation to scale by (constant, or not longer than m); any metric is null where no actual is known.
 */
export function windowMetrics(y: ArrayLike<number>, yHat: ArrayLike<number>, insample: ArrayLike<number>, m: number): Metrics {
  const scale = maseScale(insample, m);
  const absError = mae(y, yHat);
  return {
    smape: finiteOrNull(smape(y, yHat)),
    mase: scale > 0 ? finiteOrNull(absError / scale) : null,
    mae: finiteOrNull(absError),
    rmse: finiteOrNull(rmse(y, yHat)),
  };
}

/** Mean of each metric over the entries that have it; null where none has. */
export function meanMetrics(all: readonly (Metrics | null)[]): Metrics | null {
  const present = all.filter((m): m is Metrics => m !== null);
  if (present.length === 0) return null;
  const out = {} as Metrics;
  for (const name of METRIC_NAMES) {
    const values = present.map((m) => m[name]).filter((v): v is number => v !== null && v !== undefined);
    out[name] = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  return out;
}

/**
 * A positive scale for conformal scores and intervals that exists for any series with known values: the MASE
 * denominator with lag m, else with lag 1, else the mean absolute level, else 1.
 */
export function robustScale(values: ArrayLike<number>, m: number): number {
  for (const candidate of [maseScale(values, m), maseScale(values, 1)]) {
    if (candidate > 0 && Number.isFinite(candidate)) return candidate;
  }
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) {
      sum += Math.abs(values[i]);
      count++;
    }
  }
  const level = count > 0 ? sum / count : 0;
  return level > 0 ? level : 1;
}
