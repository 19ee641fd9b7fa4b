import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { adidaForecast } from '../stats/intermittent';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { flatFit } from '../stats/saved-fits';

/**
 * ADIDA, the aggregate–disaggregate intermittent demand approach: SES of sums over blocks as long as the mean
 * inter-demand interval, spread evenly back over the periods (statsforecast ADIDA).
 */
export class AdidaModel extends LocalModel {
  readonly kind = 'adida' as const;

  constructor(protected readonly params: ModelParams<'adida'> = MODEL_PARAMS.adida.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array): SeriesFit {
    return flatFit(y.length, adidaForecast(y));
  }
}
