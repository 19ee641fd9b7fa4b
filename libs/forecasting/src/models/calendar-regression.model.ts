import { MODEL_PARAMS, type ModelParams } from '@foretell/contracts';
import { z } from 'zod';
import { saveNumber, saveNumbers, savedNumber, savedNumbers } from '../core/saved-numbers';
import type { ModelCapabilities } from '../core/model';
import { LocalModel, type SeriesFit } from '../stats/local-model';
import { regressorTails } from '../stats/regressors';
import { ridgeRegression, type LinearFit } from '../stats/regression';

const DEFAULTS: ModelParams<'calendar_regression'> = MODEL_PARAMS.calendar_regression.parse({});

/** What forecasts need: the regression, which lags it reads, and the last values of the series for them. */
interface RegressionState extends LinearFit {
  n: number;
  trend: boolean;
  lags: number[];
  regressors: number;
  /** The last max(lags) values of the fitted series. */
  tail: Float64Array;
}

const stateSchema = z.object({
  n: z.number().int().min(1),
  trend: z.boolean(),
  lags: z.array(z.number().int().min(1)),
  regressors: z.number().int().min(0),
  intercept: savedNumber,
  coef: savedNumbers,
  tail: savedNumbers,
});

/**
 * Linear regression of each series on what is known ahead: a trend, its future covariates (the calendar: weekday,
 * time of year, holidays) and its own lags (1 and the season by default), forecast recursively (a lag inside the
 * horizon reads the forecast). Fitted by ridge least squares on standardised regressors. Without covariates it is
 * an autoregression with trend, so it forecasts anywhere; with the calendar it is the classic baseline for demand.
 */
export class CalendarRegressionModel extends LocalModel {
  readonly kind = 'calendar_regression' as const;
  override readonly capabilities: ModelCapabilities = { global: false, covariates: 'future', intervals: 'conformal' };
  protected override readonly stateSchema = stateSchema;

  constructor(protected readonly params: ModelParams<'calendar_regression'> = DEFAULTS) {
    super();
  }

  protected fitSeries(y: Float64Array, season: number, _seasonalities: readonly number[], regressors: readonly Float64Array[] = []): SeriesFit {
    const n = y.length;
    // A lag needs at least as many rows after it as before, or the regression is fitted on too little.
    const lags = [...new Set(this.params.lags ?? [1, season])].filter((lag) => 2 * lag < n);
    const start = Math.max(0, ...lags);
    const rows = n - start;
    const column = (at: (i: number) => number) => Float64Array.from({ length: rows }, (_, k) => at(start + k));
    const columns = [
      ...(this.params.trend ? [column((i) => i + 1)] : []),
      ...regressors.map((x) => column((i) => x[i])),
      ...lags.map((lag) => column((i) => y[i - lag])),
    ];
    const fit = ridgeRegression(columns, y.subarray(start), this.params.ridge);
    return this.restoreFit({ ...fit, n, trend: this.params.trend, lags, regressors: regressors.length, tail: y.slice(n - start) });
  }

  protected override restoreFit(state: RegressionState): SeriesFit {
    const save = () => ({ ...state, intercept: saveNumber(state.intercept), coef: saveNumbers(state.coef), tail: saveNumbers(state.tail) });
    const run = (tail: Float64Array, length: number, h: number, future: readonly Float64Array[] | undefined) => {
      const x = state.regressors > 0 ? regressorTails(future, length + h, this.kind).slice(0, state.regressors) : [];
      const values = new Float64Array(tail.length + h);
      values.set(tail);
      for (let k = 0; k < h; k++) {
        const t = tail.length + k;
        let v = state.intercept;
        let j = 0;
        if (state.trend) v += state.coef[j++] * (length + k + 1);
        for (const col of x) v += state.coef[j++] * col[length + k];
        for (const lag of state.lags) v += state.coef[j++] * values[t - lag];
        values[t] = v;
      }
      return values.slice(tail.length);
    };
    const width = state.tail.length;
    return {
      forecast: (h, future) => run(state.tail, state.n, h, future),
      forecastFrom: (history, h, future) => run(history.slice(history.length - width), history.length, h, future),
      save,
    };
  }
}
