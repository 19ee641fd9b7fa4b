import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { autoEts, fitSimpleSmoothing, type EtsFit } from '../stats/ets';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { seriesFit } from '../stats/saved-fits';
import { seasonalAdjust } from '../stats/seasonality';

/** forecast::ets handles seasonal periods up to 24; longer ones are adjusted out first (as stlf would). */
const MAX_ETS_SEASON = 24;
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

export function fitAutoEtsSeries(y: Float64Array, m: number, params: ModelParams<'auto_ets'>): SeriesFit {
  const adjustment = seasonalAdjust(y, m, m > MAX_ETS_SEASON ? 'test-any-lag' : 'never');
  const x = adjustment.adjusted;
  const season = m > MAX_ETS_SEASON ? 1 : m;
  let fit: EtsFit | null = null;
  if (isConstant(x)) fit = fitSimpleSmoothing(x, 'N');
  else if (x.length >= MIN_OPTIMISED) fit = autoEts(x, season, { ic: params.ic, additiveOnly: params.additiveOnly });
  return seriesFit({ type: 'ets', n: y.length, figure: adjustment.figure ?? null, ets: fit ?? fitTiny(x) });
}

/**
 * AutoETS (forecast::ets(y) / statsforecast AutoETS): additive or multiplicative error, no/additive/damped trend,
 * no/additive/multiplicative season, each fitted by maximum likelihood (Nelder–Mead over smoothing parameters and
 * initial states), the lowest AICc chosen.
 */
export class AutoEtsModel extends LocalModel {
  readonly kind = 'auto_ets' as const;

  constructor(protected readonly params: ModelParams<'auto_ets'> = MODEL_PARAMS.auto_ets.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    return fitAutoEtsSeries(y, season, this.params);
  }
}
