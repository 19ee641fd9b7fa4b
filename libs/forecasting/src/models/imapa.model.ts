import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { imapaForecast } from '../stats/intermittent';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { flatFit } from '../stats/saved-fits';

/**
 * IMAPA, the intermittent multiple aggregation prediction algorithm: ADIDA at every block size from 1 to the mean
 * inter-demand interval, averaged (statsforecast IMAPA).
 */
export class ImapaModel extends LocalModel {
  readonly kind = 'imapa' as const;

  constructor(protected readonly params: ModelParams<'imapa'> = MODEL_PARAMS.imapa.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array): SeriesFit {
    return flatFit(y.length, imapaForecast(y));
  }
}
