import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { arimaOrigin } from '../stats/arima';
import { autoArima } from '../stats/auto-arima';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitDeseasonalised, LONG_SEASON } from '../stats/mstl';
import { seriesFit } from '../stats/saved-fits';

const DEFAULTS: ModelParams<'auto_arima'> = MODEL_PARAMS.auto_arima.parse({});

/**
 * ARIMA with automatic order selection (Hyndman–Khandakar stepwise auto.arima): KPSS tests choose d, seasonal
 * strength chooses D, a stepwise search over (p, q)(P, Q) and the constant minimises AICc; CSS-ML estimation
 * (CSS alone while searching long or high-frequency series).
 */
export class AutoArimaModel extends LocalModel {
  readonly kind = 'auto_arima' as const;

  constructor(protected readonly params: ModelParams<'auto_arima'> = DEFAULTS) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number, seasonalities: readonly number[]): SeriesFit {
    if (season >= LONG_SEASON) {
      return fitDeseasonalised(y, seasonalities, (x) => {
        const { fit } = autoArima(x, 1, this.params);
        return { type: 'arima', arima: fit, origin: arimaOrigin(fit, x) };
      });
    }
    const { fit } = autoArima(y, season, this.params);
    return seriesFit({ type: 'arima', n: y.length, figure: null, arima: fit, origin: arimaOrigin(fit, y) });
  }
}
