import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitTheta } from '../stats/m4-benchmarks';

/**
 * Theta, the M4 standard benchmark: on the seasonally adjusted series, SES of the θ = 2 line combined half and half
 * with the linear trend (SES with drift of half the slope), reseasonalised.
 */
export class ThetaModel extends LocalModel {
  readonly kind = 'theta' as const;

  constructor(protected readonly params: ModelParams<'theta'> = MODEL_PARAMS.theta.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    return fitTheta(y, season, { theta: this.params.theta, seasonality: this.params.seasonality });
  }
}
