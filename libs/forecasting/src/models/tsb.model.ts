import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { tsbForecast } from '../stats/intermittent';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { flatFit } from '../stats/saved-fits';

/**
 * Teunter–Syntetos–Babai: the probability of demand, smoothed every period, times the smoothed non-zero size, so
 * forecasts of an item that stopped selling decay (statsforecast TSB).
 */
export class TsbModel extends LocalModel {
  readonly kind = 'tsb' as const;

  constructor(protected readonly params: ModelParams<'tsb'> = MODEL_PARAMS.tsb.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array): SeriesFit {
    return flatFit(y.length, tsbForecast(y, this.params.alphaD, this.params.alphaP));
  }
}
