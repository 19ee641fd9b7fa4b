import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitSmoothing } from '../stats/m4-benchmarks';

/**
 * Holt's linear trend method (forecast::holt): level plus a straight-line slope.
 * As the M4 benchmark: fitted to the seasonally adjusted series by one-step MSE, smoothing parameters and initial
 * states together, then reseasonalised.
 */
export class HoltModel extends LocalModel {
  readonly kind = 'holt' as const;

  constructor(protected readonly params: ModelParams<'holt'> = MODEL_PARAMS.holt.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    return fitSmoothing(y, season, { trend: 'A', damped: false, seasonality: this.params.seasonality });
  }
}
