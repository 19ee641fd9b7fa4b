import { z } from 'zod';
import { detectSeasonalities } from '../stats/seasonality';
import { lastKnownIndex } from '../core/history';
import { saveNumbers } from '../core/saved-numbers';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { naiveForecast, tailStateSchema } from './naive.model';

/**
 * Seasonal naive: each future value repeats the value one season earlier, ŷ_{n+k} = y_{n+k−m·⌈k/m⌉}.
 * With less than one full season of history (or m = 1) it is the naive forecast; a missing seasonal
 * reference takes the naive value for that step.
 */
export function seasonalNaiveForecast(history: ArrayLike<number>, h: number, m: number): Float64Array {
  const naive = naiveForecast(history, h);
  const n = history.length;
  if (m <= 1 || n < m) return naive;
  const out = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const v = history[n - m + (k % m)];
    out[k] = Number.isNaN(v) ? naive[k] : v;
  }
  return out;
}

/**
 * The period seasonal naive repeats for one series: of the run's season and the candidate periods the series shows
 * (detectSeasonalities), the one whose seasonal naive has the lowest in-sample mean absolute error over the points
 * every contender can be scored on (so 168 wins over 24 on hourly data with a weekly cycle, and loses where the
 * week adds only noise). Just the season when no other period is detected.
 */
export function seasonalNaivePeriod(y: Float64Array, season: number, candidates: readonly number[]): number {
  const contenders = [...new Set([season, ...detectSeasonalities(y, candidates)])].filter((p) => p >= 1 && p < y.length);
  if (contenders.length < 2) return season;
  const start = Math.max(...contenders);
  let best = season;
  let bestError = Infinity;
  for (const p of contenders) {
    let sum = 0;
    let count = 0;
    for (let t = start; t < y.length; t++) {
      const e = Math.abs(y[t] - y[t - p]);
      if (Number.isFinite(e)) {
        sum += e;
        count++;
      }
    }
    const error = count > 0 ? sum / count : Infinity;
    if (error < bestError) {
      best = p;
      bestError = error;
    }
  }
  return best;
}

/** Saved per series: the tail it repeats and its period (saves without one use the artifact's season). */
const seasonalTailSchema = tailStateSchema.extend({ period: z.number().int().min(1).optional() });

/** Seasonal naive on the local-model base: each series repeats its own best period (seasonalNaivePeriod). */
export class SeasonalNaiveModel extends LocalModel {
  readonly kind = 'seasonal_naive' as const;
  protected readonly params = {};
  protected override readonly stateSchema = seasonalTailSchema;

  protected fitSeries(y: Float64Array, season: number, seasonalities: readonly number[]): SeriesFit {
    return seasonalNaiveFit(y, seasonalNaivePeriod(y, season, seasonalities));
  }

  protected override restoreFit(state: unknown, season: number): SeriesFit {
    const { tail, period } = state as z.infer<typeof seasonalTailSchema>;
    return seasonalNaiveFit(tail, period ?? season);
  }
}

/**
 * Saves the series' last period and its last known value (the fallback for a missing seasonal reference), so the
 * tail forecasts as the series did; a series shorter than its period is kept whole.
 */
function seasonalNaiveFit(y: Float64Array, period: number): SeriesFit {
  return {
    forecast: (h) => seasonalNaiveForecast(y, h, period),
    forecastFrom: (history, h) => seasonalNaiveForecast(history, h, period),
    save: () => {
      const last = lastKnownIndex(y);
      const start = Math.max(0, Math.min(y.length - period, last >= 0 ? last : y.length - 1));
      return { tail: saveNumbers(y.subarray(start)), period };
    },
  };
}
