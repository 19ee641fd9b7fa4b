import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { sbaForecast } from '../stats/intermittent';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { flatFit } from '../stats/saved-fits';

/** Croston's method with the Syntetos–Boylan bias correction (statsforecast CrostonSBA). */
export class SbaModel extends LocalModel {
  readonly kind = 'sba' as const;

  constructor(protected readonly params: ModelParams<'sba'> = MODEL_PARAMS.sba.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array): SeriesFit {
    return flatFit(y.length, sbaForecast(y, this.params.alpha));
  }
}
