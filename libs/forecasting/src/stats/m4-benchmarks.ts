/**
 * The statistical benchmarks of the M4 competition, as its R code (`Benchmarks and Evaluation.R`) defines them:
 * seasonally adjust when the 90% autocorrelation test says so, forecast the adjusted series with naive, SES,
 * Holt, damped Holt (forecast::ses/holt: ETS fitted by one-step MSE with the initial states) or the classic
 * Theta method, then multiply the forecasts by the continued seasonal indices.
 */
import type { SeriesFit } from './local-model';
import {
  etsParameterCount,
  fitEtsConfig,
  fitSimpleSmoothing,
  type EtsConfig,
  type EtsFit,
} from './ets';
import { linearTrend } from './regression';
import { seriesFit, type ThetaSeriesState } from './saved-fits';
import { applyAdjustment, seasonalAdjust, type SeasonalAdjustMode } from './seasonality';

/** forecast 8.2, which produced the published M4 figures, started alpha's search at mid-range. */
const M4_ALPHA_START = 0.5;

/** Naive2: the last seasonally adjusted value, reseasonalised. */
export function fitNaive2(y: Float64Array, m: number, mode: SeasonalAdjustMode = 'test'): SeriesFit {
  const adjustment = seasonalAdjust(y, m, mode);
  const adjusted = applyAdjustment(adjustment, y);
  return seriesFit({ type: 'naive2', n: y.length, figure: adjustment.figure ?? null, last: adjusted[adjusted.length - 1] });
}

/**
 * ses()/holt()/holt(damped = TRUE) on the adjusted series: additive-error ETS with the given trend, parameters
 * and initial states by one-step MSE. Series too short for that get the simple-initialisation fallback
 * (which, like forecast's, drops damping).
 */
export function fitSmoothingSeries(y: Float64Array, trend: 'N' | 'A', damped: boolean): EtsFit {
  const config: EtsConfig = { error: 'A', trend, season: 'N', damped };
  if (y.length > etsParameterCount(config, 1) + 4) {
    const fit = fitEtsConfig(y, config, 1, { criterion: 'mse', alphaStart: M4_ALPHA_START });
    if (fit) return fit;
  }
  return fitSimpleSmoothing(y, trend);
}

export interface SmoothingOptions {
  trend: 'N' | 'A';
  damped: boolean;
  seasonality?: SeasonalAdjustMode;
}

export function fitSmoothing(y: Float64Array, m: number, options: SmoothingOptions): SeriesFit {
  const adjustment = seasonalAdjust(y, m, options.seasonality ?? 'test');
  const ets = fitSmoothingSeries(adjustment.adjusted, options.trend, options.damped);
  return seriesFit({ type: 'ets', n: y.length, figure: adjustment.figure ?? null, ets });
}

export interface ThetaOptions {
  /** Weight on the curvature of the theta line that SES extrapolates (2 in the M4 benchmark). */
  theta?: number;
  seasonality?: SeasonalAdjustMode;
}

/**
 * The classic Theta method (Assimakopoulos & Nikolopoulos 2000) as the M4 benchmark codes it: the θ-line
 * θ·y + (1−θ)·(linear trend) is extrapolated by SES, the 0-line by the trend itself, and the forecast weighs them
 * 1/θ and 1−1/θ (½ each for θ = 2, i.e. SES with drift of half the slope). Forecasts of a non-negative series are
 * floored at 0, as in the M4 code.
 */
export function fitTheta(y: Float64Array, m: number, options: ThetaOptions = {}): SeriesFit {
  return seriesFit(thetaState(y, m, options));
}

/** The fitted state of fitTheta. */
export function thetaState(y: Float64Array, m: number, options: ThetaOptions = {}): ThetaSeriesState {
  const theta = options.theta ?? 2;
  if (!(theta >= 1)) throw new RangeError(`theta must be at least 1, got ${theta}`);
  const adjustment = seasonalAdjust(y, m, options.seasonality ?? 'test');
  const x = adjustment.adjusted;
  const n = x.length;
  const { intercept, slope } = n >= 2 ? linearTrend(x) : { intercept: x[0], slope: 0 };
  const thetaLine = (series: Float64Array): Float64Array =>
    series.map((v, i) => theta * v + (1 - theta) * (intercept + slope * (i + 1)));
  const ses = fitSmoothingSeries(thetaLine(x), 'N', false);
  let nonNegative = true;
  for (let i = 0; i < y.length; i++) if (y[i] < 0) nonNegative = false;
  return { type: 'theta', n, figure: adjustment.figure ?? null, theta, intercept, slope, nonNegative, ses };
}
