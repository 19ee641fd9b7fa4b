import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { arimaOrigin } from '../stats/arima';
import { autoArima } from '../stats/auto-arima';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { seriesFit } from '../stats/saved-fits';
import { applyAdjustment, seasonalAdjust } from '../stats/seasonality';

/**
 * Seasonal ARMA polynomials of period m have degree ≥ m, so CSS costs O(n·m) per evaluation; beyond this period the
 * season is divided out first (classical multiplicative decomposition when the autocorrelation test finds it) and a
 * non-seasonal ARIMA fitted, as R users do with long periods (stlf, Fourier terms).
 */
const MAX_ARIMA_SEASON = 52;

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

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    const long = season > MAX_ARIMA_SEASON;
    const adjustment = seasonalAdjust(y, season, long ? 'test-any-lag' : 'never');
    const { fit } = autoArima(adjustment.adjusted, long ? 1 : season, this.params);
    const origin = arimaOrigin(fit, applyAdjustment(adjustment, y));
    return seriesFit({ type: 'arima', n: y.length, figure: adjustment.figure ?? null, arima: fit, origin });
  }
}
