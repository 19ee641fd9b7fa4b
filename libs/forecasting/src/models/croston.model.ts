import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { crostonForecast } from '../stats/intermittent';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { flatFit } from '../stats/saved-fits';

/**
 * Croston's method for intermittent demand: SES of the non-zero sizes over SES of the intervals between them,
 * a flat forecast of the demand per period (statsforecast CrostonClassic; CrostonOptimized with `optimize`).
 */
export class CrostonModel extends LocalModel {
  readonly kind = 'croston' as const;

  constructor(protected readonly params: ModelParams<'croston'> = MODEL_PARAMS.croston.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array): SeriesFit {
    return flatFit(y.length, crostonForecast(y, this.params.optimize ? 'optimize' : this.params.alpha));
  }
}
