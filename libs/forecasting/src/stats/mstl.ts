/**
 * MSTL (Bandara, Hyndman & Bergmeir 2021) as R's forecast::mstl computes it: STL for one period at a time,
 * shortest first, each on the series with the other seasonal components removed, the whole pass repeated
 * (`iterate` 2 with several periods, 1 with one, as mstl does for a plain `ts`); the trend is the last STL's.
 */
import type { SeriesFit } from './local-model';
import { seriesFit, type SeasonalCycle, type SeriesState } from './saved-fits';
import { detectSeasonalities } from './seasonality';
import { stl } from './stl';

/**
 * From this season on (hourly data's 24 included) seasonal ETS and ARIMA are slow (state or polynomial degree ≥ m)
 * and rarely better: auto_ets and auto_arima take the cycles out by MSTL and fit a non-seasonal model, as R's
 * stlf/stlm do.
 */
export const LONG_SEASON = 24;

/** forecast::mstl's default seasonal windows, one per period in ascending order: 11, 15, 19, 23, 27, 31. */
const SEASONAL_WINDOWS = [11, 15, 19, 23, 27, 31];

export interface MstlDecomposition {
  /** The periods decomposed, ascending (those with fewer than two full cycles in the series are dropped). */
  periods: number[];
  /** One seasonal component per period, same order. */
  seasonals: Float64Array[];
  trend: Float64Array;
  /** The series less every seasonal component (trend plus remainder). */
  adjusted: Float64Array;
}

/** The periods MSTL can decompose y by: integer, above 1, under half its length, ascending and distinct. */
export function decomposablePeriods(n: number, periods: readonly number[]): number[] {
  const kept = periods.map(Math.trunc).filter((p) => p > 1 && p < n / 2);
  return [...new Set(kept)].sort((a, b) => a - b);
}

/**
 * Decomposes y by its periods. With none decomposable the adjusted series is y itself and the trend all NaN
 * (R smooths it with supsmu there; nothing here uses that trend).
 */
export function mstl(y: ArrayLike<number>, periods: readonly number[]): MstlDecomposition {
  const n = y.length;
  const kept = decomposablePeriods(n, periods);
  const adjusted = Float64Array.from(y);
  const seasonals: Float64Array[] = kept.map(() => new Float64Array(n));
  let trend: Float64Array = new Float64Array(n).fill(NaN);
  const iterations = kept.length > 1 ? 2 : 1;
  for (let pass = 0; pass < iterations; pass++) {
    kept.forEach((period, i) => {
      const seasonal = seasonals[i];
      for (let t = 0; t < n; t++) adjusted[t] += seasonal[t];
      const fit = stl(adjusted, period, { seasonalWindow: SEASONAL_WINDOWS[Math.min(i, SEASONAL_WINDOWS.length - 1)] });
      seasonals[i] = fit.seasonal;
      trend = fit.trend;
      for (let t = 0; t < n; t++) adjusted[t] -= fit.seasonal[t];
    });
  }
  return { periods: kept, seasonals, trend, adjusted };
}

/** The last full cycle of each seasonal component, for seasonal naive forecasts of the components. */
export function lastCycles(d: MstlDecomposition): SeasonalCycle[] {
  const n = d.adjusted.length;
  return d.periods.map((period, i) => {
    const values = new Float64Array(period);
    for (let t = n - period; t < n; t++) values[t % period] = d.seasonals[i][t];
    return { period, values };
  });
}

/** A state of the adjusted series' model, before the seasonal cycles are attached. */
type AdjustedState = DistributiveOmit<SeriesState, 'n' | 'figure' | 'cycles'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * stlf/stlm's recipe for long or several seasons: the periods y shows (of `candidates`) are taken out by MSTL, the
 * adjusted series is fitted by `fitAdjusted` and its forecasts get each component's last cycle added back (seasonal
 * naive of the components). Without a period the model is fitted on y itself.
 */
export function fitDeseasonalised(
  y: Float64Array,
  candidates: readonly number[],
  fitAdjusted: (adjusted: Float64Array) => AdjustedState,
): SeriesFit {
  const decomposition = mstl(y, detectSeasonalities(y, candidates));
  const cycles = lastCycles(decomposition);
  const state = { ...fitAdjusted(decomposition.adjusted), n: y.length, figure: null, ...(cycles.length && { cycles }) };
  return seriesFit(state as SeriesState);
}
