import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { arimaOrigin } from '../stats/arima';
import { autoArima } from '../stats/auto-arima';
import type { ModelCapabilities } from '../core/model';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { linearPredict, ridgeRegression } from '../stats/regression';
import { fitDeseasonalised, LONG_SEASON } from '../stats/mstl';
import { seriesFit } from '../stats/saved-fits';

const DEFAULTS: ModelParams<'auto_arima'> = MODEL_PARAMS.auto_arima.parse({});

/** Ridge penalty of the regression on future covariates: only enough to keep collinear regressors finite. */
const XREG_RIDGE = 1e-6;

/**
 * ARIMA with automatic order selection (Hyndman–Khandakar stepwise auto.arima): KPSS tests choose d, seasonal
 * strength chooses D, a stepwise search over (p, q)(P, Q) and the constant minimises AICc; CSS-ML estimation
 * (CSS alone while searching long or high-frequency series).
 * With future covariates (calendar, planned prices) it is a regression with ARIMA errors, in two steps: least squares
 * on the regressors, then the same automatic ARIMA on the residuals (R's `auto.arima(xreg=)` estimates both at once).
 */
export class AutoArimaModel extends LocalModel {
  readonly kind = 'auto_arima' as const;

  constructor(protected readonly params: ModelParams<'auto_arima'> = DEFAULTS) {
    super();
  }

  override readonly capabilities: ModelCapabilities = { global: false, covariates: 'future', intervals: 'conformal' };

  protected fitSeries(y: Float64Array, season: number, seasonalities: readonly number[], regressors?: readonly Float64Array[]): SeriesFit {
    if (regressors?.length) return this.fitWithRegressors(y, season, regressors);
    if (season >= LONG_SEASON) {
      return fitDeseasonalised(y, seasonalities, (x) => {
        const { fit } = autoArima(x, 1, this.params);
        return { type: 'arima', arima: fit, origin: arimaOrigin(fit, x) };
      });
    }
    const { fit } = autoArima(y, season, this.params);
    return seriesFit({ type: 'arima', n: y.length, figure: null, arima: fit, origin: arimaOrigin(fit, y) });
  }

  private fitWithRegressors(y: Float64Array, season: number, x: readonly Float64Array[]): SeriesFit {
    const regression = ridgeRegression(x, y, XREG_RIDGE);
    const fitted = linearPredict(regression, x, 0, y.length);
    const residuals = y.map((v, i) => v - fitted[i]);
    // Residuals may be negative: no multiplicative adjustment; long seasons are left to the regressors.
    const { fit } = autoArima(residuals, season >= LONG_SEASON ? 1 : season, this.params);
    const origin = arimaOrigin(fit, residuals);
    return seriesFit({ type: 'arima-xreg', n: y.length, figure: null, arima: fit, origin, ...regression });
  }
}
