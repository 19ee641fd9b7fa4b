/**
 * A candidate of issue 13's protocol (docs/ACCURACY.md): a deep model forecasts the residual over seasonal naive at
 * each series' own period (the period seasonal naive picks: seasonalNaivePeriod), i.e. the series' seasonal
 * differences, and the forecast is seasonal naive plus that residual. Done around the engine (the model sees the
 * differenced series), to measure the idea before building it into the models.
 */
import { fillMissing, seasonalNaivePeriod } from '@foretell/forecasting';

export interface SeasonalResidual {
  /** Seasonal differences y[t] − y[t−p] of the gap-filled series (p points shorter). */
  differences: Float64Array;
  period: number;
  /** Forecasts of y from the first `origin` differences' forecasts `zhat` (origin in the differences' index). */
  restore(origin: number, zhat: ArrayLike<number>): Float64Array;
}

export function seasonalResidual(series: Float64Array, season: number, candidates: readonly number[]): SeasonalResidual {
  const y = fillMissing(series, 'linear').values;
  const p = seasonalNaivePeriod(y, season, candidates);
  const differences = Float64Array.from({ length: y.length - p }, (_, t) => y[t + p] - y[t]);
  return {
    differences,
    period: p,
    restore(origin, zhat) {
      const end = origin + p; // the forecast's first point, in y's index
      const out = new Float64Array(zhat.length);
      for (let k = 0; k < zhat.length; k++) out[k] = (k < p ? y[end + k - p] : out[k - p]) + zhat[k];
      return out;
    },
  };
}
