import type { ModelParams } from '@foretell/contracts';
import { forecastArima } from '../stats/arima';
import { autoArima } from '../stats/auto-arima';
import { LocalModel, type SeriesFit } from '../stats/local-model';

const DEFAULTS: ModelParams<'auto_arima'> = {
  ic: 'aicc',
  stepwise: true,
  maxP: 5,
  maxQ: 5,
  maxSeasonalP: 2,
  maxSeasonalQ: 2,
  maxOrder: 5,
  maxD: 2,
  maxSeasonalD: 1,
};

/**
 * ARIMA with automatic order selection (Hyndman–Khandakar stepwise auto.arima): KPSS tests choose d, seasonal
 * strength chooses D, a stepwise search over (p, q)(P, Q) and the constant minimises AICc; CSS-ML estimation
 * (CSS alone while searching long or high-frequency series).
 */
export class AutoArimaModel extends LocalModel {
  readonly kind = 'auto_arima' as const;

  constructor(private readonly params: ModelParams<'auto_arima'> = DEFAULTS) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    const { fit } = autoArima(y, season, this.params);
    return {
      forecast: (h) => forecastArima(fit, y, h),
      forecastFrom: (history, h) => forecastArima(fit, history, h),
    };
  }
}
