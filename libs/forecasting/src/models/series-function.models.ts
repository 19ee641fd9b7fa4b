import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import type { ForecastModel } from '../core/model';
import { adidaForecast, crostonForecast, imapaForecast, sbaForecast, tsbForecast } from '../stats/intermittent';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitSmoothing } from '../stats/m4-benchmarks';
import { flatFit } from '../stats/saved-fits';

/**
 * The local models whose fit of one series is one function of it, its season and the model's params. The M4
 * smoothing benchmarks are fitted to the seasonally adjusted series by one-step MSE, smoothing parameters and initial
 * states together, then reseasonalised; the intermittent-demand methods forecast flat (statsforecast's).
 */
const SERIES_FITS: { [K in SeriesFunctionKind]: (y: Float64Array, season: number, params: ModelParams<K>) => SeriesFit } = {
  /** Simple exponential smoothing (forecast::ses): a flat forecast at the smoothed level. */
  ses: (y, season, { seasonality }) => fitSmoothing(y, season, { trend: 'N', damped: false, seasonality }),
  /** Holt's linear trend method (forecast::holt): level plus a straight-line slope. */
  holt: (y, season, { seasonality }) => fitSmoothing(y, season, { trend: 'A', damped: false, seasonality }),
  /** Damped trend (forecast::holt(damped = TRUE)): the slope fades by φ per step (φ in [0.8, 0.98]). */
  damped: (y, season, { seasonality }) => fitSmoothing(y, season, { trend: 'A', damped: true, seasonality }),
  /**
   * Croston's method: SES of the non-zero sizes over SES of the intervals between them, the demand per period
   * (CrostonClassic; CrostonOptimized with `optimize`).
   */
  croston: (y, _, { optimize, alpha }) => flatFit(y.length, crostonForecast(y, optimize ? 'optimize' : alpha)),
  /** Croston's method with the Syntetos–Boylan bias correction (CrostonSBA). */
  sba: (y, _, { alpha }) => flatFit(y.length, sbaForecast(y, alpha)),
  /**
   * Teunter–Syntetos–Babai: the probability of demand, smoothed every period, times the smoothed non-zero size, so
   * forecasts of an item that stopped selling decay (TSB).
   */
  tsb: (y, _, { alphaD, alphaP }) => flatFit(y.length, tsbForecast(y, alphaD, alphaP)),
  /**
   * ADIDA, aggregate–disaggregate: SES of sums over blocks as long as the mean inter-demand interval, spread evenly
   * back over the periods.
   */
  adida: (y) => flatFit(y.length, adidaForecast(y)),
  /** IMAPA, multiple aggregation: ADIDA at every block size from 1 to the mean inter-demand interval, averaged. */
  imapa: (y) => flatFit(y.length, imapaForecast(y)),
};

export type SeriesFunctionKind = 'ses' | 'holt' | 'damped' | 'croston' | 'sba' | 'tsb' | 'adida' | 'imapa';

export class SeriesFunctionModel<K extends SeriesFunctionKind> extends LocalModel {
  constructor(
    readonly kind: K,
    protected readonly params: ModelParams<K> = MODEL_PARAMS[kind].parse({}) as ModelParams<K>,
  ) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    const fit: (y: Float64Array, season: number, params: ModelParams<K>) => SeriesFit = SERIES_FITS[this.kind];
    return fit(y, season, this.params);
  }
}

const factory =
  <K extends SeriesFunctionKind>(kind: K) =>
  (params: ModelParams<K>): ForecastModel =>
    new SeriesFunctionModel(kind, params);

/** Kind → constructor for each of these kinds (spread into the registry's table). */
export const SERIES_FUNCTION_FACTORIES: { [K in SeriesFunctionKind]: (params: ModelParams<K>) => ForecastModel } = {
  ses: factory('ses'),
  holt: factory('holt'),
  damped: factory('damped'),
  croston: factory('croston'),
  sba: factory('sba'),
  tsb: factory('tsb'),
  adida: factory('adida'),
  imapa: factory('imapa'),
};
