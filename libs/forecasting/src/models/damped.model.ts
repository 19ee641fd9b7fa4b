import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitSmoothing } from '../stats/m4-benchmarks';

/**
 * Damped trend (forecast::holt(damped = TRUE)): the slope fades by φ per step (φ in [0.8, 0.98]).
 * As the M4 benchmark: fitted to the seasonally adjusted series by one-step MSE, smoothing parameters and initial
 * states together, then reseasonalised.
 */
export class DampedModel extends LocalModel {
  readonly kind = 'damped' as const;

  constructor(protected readonly params: ModelParams<'damped'> = MODEL_PARAMS.damped.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    return fitSmoothing(y, season, { trend: 'A', damped: true, seasonality: this.params.seasonality });
  }
}
