import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { autoEts, fitSimpleSmoothing, type EtsFit } from '../stats/ets';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { seriesFit } from '../stats/saved-fits';
import { fitDeseasonalised, LONG_SEASON } from '../stats/mstl';

/** Below this many points ets does not optimise (its "tiny data" rule for an unspecified model). */
const MIN_OPTIMISED = 7;

function isConstant(y: Float64Array): boolean {
  for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) return false;
  return true;
}

/** Fits the better (by one-step MSE) of simple and Holt smoothing with simple initial states. */
function fitTiny(y: Float64Array): EtsFit {
  const level = fitSimpleSmoothing(y, 'N');
  if (y.length < 3) return level;
  const trend = fitSimpleSmoothing(y, 'A');
  return trend.mse < level.mse ? trend : level;
}

/** AutoETS on a series whose long seasons are already taken out (or short enough for ETS's own). */
export function fitAutoEtsAdjusted(x: Float64Array, season: number, params: ModelParams<'auto_ets'>): EtsFit {
  let fit: EtsFit | null = null;
  if (isConstant(x)) fit = fitSimpleSmoothing(x, 'N');
  else if (x.length >= MIN_OPTIMISED) fit = autoEts(x, season, { ic: params.ic, additiveOnly: params.additiveOnly });
  return fit ?? fitTiny(x);
}

export function fitAutoEtsSeries(
  y: Float64Array,
  m: number,
  params: ModelParams<'auto_ets'>,
  seasonalities: readonly number[] = [m],
): SeriesFit {
  if (m >= LONG_SEASON) {
    return fitDeseasonalised(y, seasonalities, (x) => ({ type: 'ets', ets: fitAutoEtsAdjusted(x, 1, params) }));
  }
  return seriesFit({ type: 'ets', n: y.length, figure: null, ets: fitAutoEtsAdjusted(y, m, params) });
}

/**
 * AutoETS (forecast::ets(y) / statsforecast AutoETS): additive or multiplicative error, no/additive/damped trend,
 * no/additive/multiplicative season, each fitted by maximum likelihood (Nelder–Mead over smoothing parameters and
 * initial states), the lowest AICc chosen. Seasons of LONG_SEASON and more go through MSTL (stlf).
 */
export class AutoEtsModel extends LocalModel {
  readonly kind = 'auto_ets' as const;

  constructor(protected readonly params: ModelParams<'auto_ets'> = MODEL_PARAMS.auto_ets.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number, seasonalities: readonly number[]): SeriesFit {
    return fitAutoEtsSeries(y, season, this.params, seasonalities);
  }
}
