import { demandPattern, isSparseDemand, MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { adidaForecast, crostonForecast, imapaForecast, sbaForecast, tsbForecast } from '../stats/intermittent';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { fitSmoothing, fitTheta } from '../stats/m4-benchmarks';
import { flatFit } from '../stats/saved-fits';

type IntermittentMethod = ModelParams<'auto_intermittent'>['intermittent'];

const croston = MODEL_PARAMS.croston.parse({});
const sba = MODEL_PARAMS.sba.parse({});
const tsb = MODEL_PARAMS.tsb.parse({});

/** Each method with the defaults of its own model kind. */
const INTERMITTENT: Record<IntermittentMethod, (y: Float64Array) => number> = {
  croston: (y) => crostonForecast(y, croston.optimize ? 'optimize' : croston.alpha),
  sba: (y) => sbaForecast(y, sba.alpha),
  tsb: (y) => tsbForecast(y, tsb.alphaD, tsb.alphaP),
  adida: adidaForecast,
  imapa: imapaForecast,
};

/**
 * Per series, by its Syntetos–Boylan demand class (of the history it is fitted on): an intermittent-demand method for
 * intermittent and lumpy series, SES or Theta (the M4 benchmarks, seasonally adjusted when tested seasonal) for the
 * others. Which method is the default is chosen by backtest in docs/INTERMITTENT.md. Forecasting from a later origin
 * without refitting keeps a smooth series' fitted SES/Theta parameters; an intermittent one is refitted (cheaply),
 * and may change class with its new history.
 */
export class AutoIntermittentModel extends LocalModel {
  readonly kind = 'auto_intermittent' as const;

  constructor(protected readonly params: ModelParams<'auto_intermittent'> = MODEL_PARAMS.auto_intermittent.parse({})) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number): SeriesFit {
    if (isSparseDemand(demandPattern(y)?.class)) return flatFit(y.length, INTERMITTENT[this.params.intermittent](y));
    return this.params.otherwise === 'theta'
      ? fitTheta(y, season)
      : fitSmoothing(y, season, { trend: 'N', damped: false });
  }
}
