/**
 * A candidate of issue 13's protocol (docs/ACCURACY.md): a deep model forecasts the residual over seasonal naive at
 * each series' own period (the period seasonal naive picks: seasonalNaivePeriod), i.e. the series' seasonal
 * differences, and the forecast is seasonal naive plus that residual. Done around the engine (the model sees the
 * differenced series), to measure the idea before building it into the models.
 */
import { fillMissing, seasonalNaivePeriod } from '@foretell/forecasting';

/** A series as a candidate hands it to the model, and the way back from the model's forecasts. */
export interface SeriesTransform {
  /** What the model sees (`shift` points shorter than the series). */
  series: Float64Array;
  /** Index of the model's series where the original's starts: an origin t there is t + shift in the original. */
  shift: number;
  /** Forecasts of y from the model's forecasts `zhat` made at `origin` (in the model's series' index). */
  restore(origin: number, zhat: ArrayLike<number>): Float64Array;
}

/** The seasonal differences y[t] − y[t−p] of the gap-filled series (p points shorter). */
export function seasonalResidual(series: Float64Array, season: number, candidates: readonly number[]): SeriesTransform {
  const y = fillMissing(series, 'linear').values;
  const p = seasonalNaivePeriod(y, season, candidates);
  const differences = Float64Array.from({ length: y.length - p }, (_, t) => y[t + p] - y[t]);
  return {
    series: differences,
    shift: p,
    restore(origin, zhat) {
      const end = origin + p; // the forecast's first point, in y's index
      const out = new Float64Array(zhat.length);
      for (let k = 0; k < zhat.length; k++) out[k] = (k < p ? y[end + k - p] : out[k - p]) + zhat[k];
      return out;
    },
  };
}
