import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitDeseasonalised } from '../stats/mstl';
import { thetaState } from '../stats/m4-benchmarks';
import { fitAutoEtsAdjusted } from './auto-ets.model';

/**
 * MSTL (Bandara, Hyndman & Bergmeir 2021): the seasonal periods a series shows (of the run's candidates, e.g. 24
 * and 168 hourly) are taken out by iterated STL, shortest first; the adjusted series is forecast by Theta (or
 * non-seasonal AutoETS, as R's forecast(mstl(y)) and statsforecast's MSTL) and each seasonal component by seasonal
 * naive.
 */
export class MstlModel extends LocalModel {
  readonly kind = 'mstl' as const;

  constructor(protected readonly params: ModelParams<'mstl'> = MODEL_PARAMS.mstl.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, _season: number, seasonalities: readonly number[]): SeriesFit {
    return fitDeseasonalised(y, seasonalities, (x) =>
      this.params.adjustedModel === 'theta'
        ? thetaState(x, 1, { seasonality: 'never' })
        : { type: 'ets', ets: fitAutoEtsAdjusted(x, 1, { ic: 'aicc', additiveOnly: false }) },
    );
  }
}
