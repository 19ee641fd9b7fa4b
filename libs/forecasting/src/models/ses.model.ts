import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitSmoothing } from '../stats/m4-benchmarks';

/**
 * Simple exponential smoothing (forecast::ses): a flat forecast at the smoothed level.
 * As the M4 benchmark: fitted to the seasonally adjusted series by one-step MSE, smoothing parameters and initial
 * states together, then reseasonalised.
 */
export class SesModel extends LocalModel {
  readonly kind = 'ses' as const;

  constructor(protected readonly params: ModelParams<'ses'> = MODEL_PARAMS.ses.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    return fitSmoothing(y, season, { trend: 'N', damped: false, seasonality: this.params.seasonality });
  }
}
