import type { LivePoint } from '@foretell/contracts';
import { hasScale } from './scoring';

/** A stored forecast as live scoring needs it: its values, where on the series' grid it starts, its intervals and scale. */
export interface IssuedForecast {
  yhat: ArrayLike<number>;
  /** Grid index of the first forecast step (the series' length when the model was fitted). */
  origin: number;
  /** Bounds by level ("80": { lo, hi }), one per step. */
  intervals?: Record<string, { lo: ArrayLike<number>; hi: ArrayLike<number> }> | null;
  /** The MASE denominator of the history the model was fitted on (`maseScale` with the run's season). */
  maseScale: number;
}


/**
 * Scores the actuals that have arrived for a forecast's steps and are not scored yet: a step is scored when the series
 * has a known (non-NaN) value at `origin + step` and `scored` does not hold it. Each point depends only on the forecast
 * and its own actual, so however appends split and order the actuals, the points end up the same, and none twice.
 * The terms are the backtest's (summarize.ts), so live and promised figures mean the same thing.
 */
export function scoreArrivedActuals(forecast: IssuedForecast, values: ArrayLike<number>, scored: ReadonlySet<number> = new Set()): LivePoint[] {
  const points: LivePoint[] = [];
  const last = Math.min(forecast.yhat.length, values.length - forecast.origin);
  for (let step = 0; step < last; step++) {
    const actual = values[forecast.origin + step]!;
    const predicted = forecast.yhat[step]!;
    if (scored.has(step) || !Number.isFinite(actual) || !Number.isFinite(predicted)) continue;
    const error = Math.abs(actual - predicted);
    const sum = Math.abs(actual) + Math.abs(predicted);
    const scaled = error / forecast.maseScale;
    const inside: Record<string, boolean> = {};
    for (const [level, { lo, hi }] of Object.entries(forecast.intervals ?? {})) {
      if (step < lo.length && step < hi.length) inside[level] = actual >= lo[step]! && actual <= hi[step]!;
    }
    points.push({
      step,
      actual,
      forecast: predicted,
      scaledError: hasScale(forecast.maseScale) && Number.isFinite(scaled) ? scaled : null,
      smape: sum === 0 ? 0 : (200 * error) / sum,
      inside,
    });
  }
  return points;
}
