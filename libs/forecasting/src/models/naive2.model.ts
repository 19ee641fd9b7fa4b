import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitNaive2 } from '../stats/m4-benchmarks';

/**
 * Naive2 (M4): the last value of the seasonally adjusted series, reseasonalised. Adjustment by classical
 * multiplicative decomposition when the 90% autocorrelation test finds seasonality; with m = 1 it is Naive.
 */
export class Naive2Model extends LocalModel {
  readonly kind = 'naive2' as const;

  constructor(protected readonly params: ModelParams<'naive2'> = MODEL_PARAMS.naive2.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    return fitNaive2(y, season, this.params.seasonality);
  }
}
