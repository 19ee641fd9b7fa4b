import type { MetricName, Metrics } from '@foretell/contracts';
import { mae, rmse, scaledError, smape } from './metrics';

export const METRIC_NAMES: readonly MetricName[] = ['smape', 'mase', 'mae', 'rmse'];

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** A MASE denominator that can scale an error: positive and finite (an infinite one would make any error score 0). */
export const hasScale = (denominator: number): boolean => denominator > 0 && Number.isFinite(denominator);

/** Beyond this ratio of two magnitudes, float64 sums lose the smaller one entirely (1e300 + 1 === 1e300). */
const PRECISION_SPAN = 1 / Number.EPSILON;
/** Above this magnitude a squared error overflows to Infinity. */
const SQUARE_LIMIT = Math.sqrt(Number.MAX_VALUE);

/**
 * Whether a series' values are too large or span too many orders of magnitude for errors on it to mean anything: a
 * square of its largest magnitude overflows (RMSE, and the ETS family's fits), or that magnitude is beyond float64's
 * precision from its typical one (the median non-zero magnitude), so its MASE scale is the outlier alone (naive scored
 * MASE 1.8e-299 beside 1e300). No model's metrics count such a series, so models stay comparable on the others.
 */
export function beyondScoringRange(values: ArrayLike<number>): boolean {
  let largest = 0;
  let smallest = Infinity;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]);
    if (!Number.isFinite(magnitude) || magnitude === 0) continue;
    largest = Math.max(largest, magnitude);
    smallest = Math.min(smallest, magnitude);
  }
  if (largest > SQUARE_LIMIT) return true;
  if (largest <= smallest * PRECISION_SPAN) return false; // every magnitude within precision of every other: no sort
  const magnitudes = Float64Array.from(values, Math.abs)
    .filter((v) => Number.isFinite(v) && v > 0)
    .sort();
  return largest > magnitudes[(magnitudes.length - 1) >> 1] * PRECISION_SPAN;
}

/**
 * The four leaderboard metrics of one forecast window, given the MASE denominator of its training data
 * (`maseScale`). MASE is null where that scale is not positive and finite (constant history, or not longer than m); any
 * metric is null where no actual is known.
 */
export function windowMetrics(y: ArrayLike<number>, yHat: ArrayLike<number>, maseDenominator: number): Metrics {
  const absError = mae(y, yHat);
  return {
    smape: finiteOrNull(smape(y, yHat)),
    mase: hasScale(maseDenominator) ? finiteOrNull(scaledError(absError, maseDenominator)) : null,
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
 * Scales of every prefix [0, c) of a series in O(1) each after an O(n) pass — a fixed test range has thousands
 * of origins, and recomputing each prefix's scale would be quadratic. NaNs are skipped as in `maseScale`.
 */
export class PrefixScales {
  private readonly seasonal: { sum: Float64Array; count: Uint32Array };
  private readonly lag1: { sum: Float64Array; count: Uint32Array };
  private readonly level: { sum: Float64Array; count: Uint32Array };

  constructor(values: ArrayLike<number>, readonly m: number) {
    this.seasonal = cumulative(values.length, (t) => (t >= m ? Math.abs(values[t] - values[t - m]) : NaN));
    this.lag1 = cumulative(values.length, (t) => (t >= 1 ? Math.abs(values[t] - values[t - 1]) : NaN));
    this.level = cumulative(values.length, (t) => Math.abs(values[t]));
  }

  /** The MASE denominator of the prefix [0, c): in-sample MAE of the seasonal naive with lag m; NaN if undefined. */
  mase(c: number): number {
    return mean(this.seasonal, c);
  }

  /**
   * A positive scale for conformal scores and intervals that exists for any prefix with known values: the MASE
   * denominator with lag m, else with lag 1, else the mean absolute level, else 1.
   */
  robust(c: number): number {
    for (const candidate of [mean(this.seasonal, c), mean(this.lag1, c), mean(this.level, c)]) {
      if (candidate > 0 && Number.isFinite(candidate)) return candidate;
    }
    return 1;
  }
}

function cumulative(n: number, term: (t: number) => number) {
  const sum = new Float64Array(n + 1);
  const count = new Uint32Array(n + 1);
  for (let t = 0; t < n; t++) {
    const v = term(t);
    const known = !Number.isNaN(v);
    sum[t + 1] = sum[t] + (known ? v : 0);
    count[t + 1] = count[t] + (known ? 1 : 0);
  }
  return { sum, count };
}

function mean(c: { sum: Float64Array; count: Uint32Array }, end: number): number {
  return c.count[end] === 0 ? NaN : c.sum[end] / c.count[end];
}

/** `PrefixScales.robust` of a whole series. */
export function robustScale(values: ArrayLike<number>, m: number): number {
  return new PrefixScales(values, m).robust(values.length);
}
