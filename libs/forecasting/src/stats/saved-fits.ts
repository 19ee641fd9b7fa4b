/**
 * The fitted state of one series for each statistical method, in a form that is both what the forecasts are computed
 * from and what a saved model keeps: a fit and its restored copy run the same code on the same numbers, so they
 * forecast identically. Only what forecasts need is kept (final and initial states, coefficients, seasonal indices,
 * the few last values ARIMA's differencing needs), never the series.
 */
import { z } from 'zod';
import { saveNumber, saveNumbers, savedNumber, savedNumbers } from '../core/saved-numbers';
import { arimaOrigin, forecastArimaOrigin, type ArimaForecaster, type ArimaOrigin } from './arima';
import { forecastEts, refilterEts, type EtsFit } from './ets';
import type { SeriesFit } from './local-model';
import { regressorTails } from './regressors';
import { linearPredict } from './regression';
import { applyAdjustment } from './seasonality';

/** One additive seasonal cycle: `values[i % period]` belongs to position i counted from the first observation. */
export interface SeasonalCycle {
  period: number;
  values: Float64Array;
}

interface Seasonal {
  /** Points in the fitted series (forecast k steps after it takes the index at n + k). */
  n: number;
  /** Multiplicative seasonal indices of the adjustment, or null when the series was not adjusted. */
  figure: Float64Array | null;
  /** Additive cycles taken out before fitting (the last cycle of each MSTL component), continued into the future. */
  cycles?: SeasonalCycle[];
}

/** Smoothing (SES, Holt, damped, AutoETS) on the adjusted series. */
export interface EtsSeriesState extends Seasonal {
  type: 'ets';
  ets: EtsFit;
}

export interface Naive2SeriesState extends Seasonal {
  type: 'naive2';
  /** The last seasonally adjusted value. */
  last: number;
}

export interface ThetaSeriesState extends Seasonal {
  type: 'theta';
  theta: number;
  intercept: number;
  slope: number;
  nonNegative: boolean;
  /** SES of the θ-line. */
  ses: EtsFit;
}

export interface ArimaSeriesState extends Seasonal {
  type: 'arima';
  arima: ArimaForecaster;
  /** Where forecasts after the fitted series start (its filtered state and last values). */
  origin: ArimaOrigin;
}

/** A flat forecast (the intermittent-demand methods); later origins refit, as these fits are cheap. */
export interface FlatSeriesState extends Seasonal {
  type: 'flat';
  level: number;
}

/** A fit whose forecast is `level` at every step after a series of n points. */
export function flatFit(n: number, level: number): SeriesFit {
  return seriesFit({ type: 'flat', n, figure: null, level });
}

/**
 * Regression with ARIMA errors (auto_arima with future covariates): y = intercept + coef·x + e, e an ARIMA process
 * fitted on the regression's residuals; forecasts add the regression on the future regressors to e's forecast.
 */
export interface XregArimaSeriesState extends Omit<ArimaSeriesState, 'type'> {
  type: 'arima-xreg';
  intercept: number;
  coef: Float64Array;
}

export type SeriesState =
  | EtsSeriesState
  | Naive2SeriesState
  | ThetaSeriesState
  | ArimaSeriesState
  | XregArimaSeriesState
  | FlatSeriesState;

function cycle(figure: Float64Array | null): { indexAt(i: number): number } {
  if (!figure) return { indexAt: () => 1 };
  const m = figure.length;
  return { indexAt: (i) => figure[i % m] };
}

/** The sum of the additive cycles at position i. */
function cyclesAt(cycles: readonly SeasonalCycle[], i: number): number {
  let sum = 0;
  for (const c of cycles) sum += c.values[i % c.period];
  return sum;
}

/** Continues the seasonal pattern over a forecast that starts at position n. */
function seasonaliser(state: Seasonal) {
  const { figure, cycles = [] } = state;
  return (n: number, forecast: Float64Array): Float64Array => {
    for (let k = 0; k < forecast.length; k++) {
      if (figure) forecast[k] *= figure[(n + k) % figure.length];
      forecast[k] += cyclesAt(cycles, n + k);
    }
    return forecast;
  };
}

/** The forecasting closures of a series state, saving back to it. */
export function seriesFit(state: SeriesState): SeriesFit {
  const cycles = state.cycles ?? [];
  const adjust = (history: Float64Array) =>
    applyAdjustment(cycle(state.figure), cycles.length ? history.map((v, i) => v - cyclesAt(cycles, i)) : history);
  const reseasonalise = seasonaliser(state);
  const save = () => saveSeriesState(state);
  switch (state.type) {
    case 'ets': {
      const { ets, n } = state;
      return {
        forecast: (h) => reseasonalise(n, forecastEts(ets, h)),
        forecastFrom: (history, h) => reseasonalise(history.length, forecastEts(refilterEts(ets, adjust(history)), h)),
        save,
      };
    }
    case 'naive2': {
      const { n, last } = state;
      return {
        forecast: (h) => reseasonalise(n, new Float64Array(h).fill(last)),
        forecastFrom: (history, h) => {
          const adjusted = adjust(history);
          return reseasonalise(history.length, new Float64Array(h).fill(adjusted[adjusted.length - 1]));
        },
        save,
      };
    }
    case 'theta': {
      const { n, theta, intercept, slope, nonNegative, ses } = state;
      const thetaLine = (series: Float64Array): Float64Array =>
        series.map((v, i) => theta * v + (1 - theta) * (intercept + slope * (i + 1)));
      const combine = (sesForecast: Float64Array, length: number): Float64Array => {
        const out = new Float64Array(sesForecast.length);
        for (let k = 0; k < out.length; k++) {
          const trend = intercept + slope * (length + k + 1);
          const value = sesForecast[k] / theta + (1 - 1 / theta) * trend;
          out[k] = nonNegative && value < 0 ? 0 : value;
        }
        return reseasonalise(length, out);
      };
      return {
        forecast: (h) => combine(forecastEts(ses, h), n),
        forecastFrom: (history, h) => combine(forecastEts(refilterEts(ses, thetaLine(adjust(history))), h), history.length),
        save,
      };
    }
    case 'flat': {
      const { n, level } = state;
      return { forecast: (h) => reseasonalise(n, new Float64Array(h).fill(level)), save };
    }
    case 'arima': {
      const { n, arima, origin } = state;
      return {
        forecast: (h) => reseasonalise(n, forecastArimaOrigin(arima, origin, h)),
        forecastFrom: (history, h) =>
          reseasonalise(history.length, forecastArimaOrigin(arima, arimaOrigin(arima, adjust(history)), h)),
        save,
      };
    }
    case 'arima-xreg': {
      const { n, arima, origin } = state;
      const columns = (future: readonly Float64Array[] | undefined, count: number) =>
        regressorTails(future, count, 'auto_arima').slice(0, state.coef.length);
      const withRegression = (errors: Float64Array, x: Float64Array[], from: number) => {
        const regression = linearPredict(state, x, from, from + errors.length);
        return errors.map((e, k) => e + regression[k]);
      };
      return {
        forecast: (h, future) => withRegression(forecastArimaOrigin(arima, origin, h), columns(future, n + h), n),
        forecastFrom: (history, h, future) => {
          const x = columns(future, history.length + h);
          const fitted = linearPredict(state, x, 0, history.length);
          const residuals = history.map((v, i) => v - fitted[i]);
          return withRegression(forecastArimaOrigin(arima, arimaOrigin(arima, residuals), h), x, history.length);
        },
        save,
      };
    }
  }
}

// JSON forms. Numbers go through saveNumber(s) so NaN, ±Infinity and −0 survive.

function saveEts(f: EtsFit) {
  return {
    config: f.config,
    m: f.m,
    alpha: saveNumber(f.alpha),
    beta: saveNumber(f.beta),
    gamma: saveNumber(f.gamma),
    phi: saveNumber(f.phi),
    initialState: saveNumbers(f.initialState),
    start: f.start,
    state: saveNumbers(f.state),
  };
}

export function saveSeriesState(s: SeriesState) {
  const base = {
    n: s.n,
    figure: s.figure && saveNumbers(s.figure),
    ...(s.cycles && { cycles: s.cycles.map((c) => ({ period: c.period, values: saveNumbers(c.values) })) }),
  };
  switch (s.type) {
    case 'ets':
      return { type: s.type, ...base, ets: saveEts(s.ets) };
    case 'naive2':
      return { type: s.type, ...base, last: saveNumber(s.last) };
    case 'flat':
      return { type: s.type, ...base, level: saveNumber(s.level) };
    case 'theta':
      return {
        type: s.type,
        ...base,
        theta: saveNumber(s.theta),
        intercept: saveNumber(s.intercept),
        slope: saveNumber(s.slope),
        nonNegative: s.nonNegative,
        ses: saveEts(s.ses),
      };
    case 'arima':
    case 'arima-xreg':
      return {
        type: s.type,
        ...base,
        ...(s.type === 'arima-xreg' && { intercept: saveNumber(s.intercept), coef: saveNumbers(s.coef) }),
        arima: { order: s.arima.order, mean: saveNumber(s.arima.mean), phi: saveNumbers(s.arima.phi), theta: saveNumbers(s.arima.theta) },
        origin: {
          state: s.origin.state && saveNumbers(s.origin.state),
          xTail: saveNumbers(s.origin.xTail),
          eTail: saveNumbers(s.origin.eTail),
          yTail: saveNumbers(s.origin.yTail),
        },
      };
  }
}

const count = z.number().int().nonnegative();

const etsSchema = z
  .object({
    config: z.object({
      error: z.enum(['A', 'M']),
      trend: z.enum(['N', 'A']),
      season: z.enum(['N', 'A', 'M']),
      damped: z.boolean(),
    }),
    m: z.number().int().min(1),
    alpha: savedNumber,
    beta: savedNumber,
    gamma: savedNumber,
    phi: savedNumber,
    initialState: savedNumbers,
    start: count,
    state: savedNumbers,
  })
  .transform(
    (f): EtsFit => ({ ...f, lik: NaN, aic: NaN, aicc: NaN, bic: NaN, mse: NaN, parameterCount: 0 }),
  );

const seasonal = {
  n: z.number().int().min(1),
  figure: savedNumbers.nullable(),
  cycles: z.array(z.object({ period: z.number().int().min(2), values: savedNumbers })).optional(),
};

const arimaFields = {
  arima: z.object({
    order: z.object({ p: count, d: count, q: count, P: count, D: count, Q: count, m: z.number().int().min(1), constant: z.boolean() }),
    mean: savedNumber,
    phi: savedNumbers,
    theta: savedNumbers,
  }),
  origin: z.object({ state: savedNumbers.nullable(), xTail: savedNumbers, eTail: savedNumbers, yTail: savedNumbers }),
};

/** A saved series state, back to the form `seriesFit` computes from. */
export const seriesStateSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ets'), ...seasonal, ets: etsSchema }),
  z.object({ type: z.literal('naive2'), ...seasonal, last: savedNumber }),
  z.object({ type: z.literal('flat'), ...seasonal, level: savedNumber }),
  z.object({
    type: z.literal('theta'),
    ...seasonal,
    theta: savedNumber,
    intercept: savedNumber,
    slope: savedNumber,
    nonNegative: z.boolean(),
    ses: etsSchema,
  }),
  z.object({ type: z.literal('arima'), ...seasonal, ...arimaFields }),
  z.object({ type: z.literal('arima-xreg'), ...seasonal, ...arimaFields, intercept: savedNumber, coef: savedNumbers }),
]) satisfies z.ZodType<SeriesState, unknown>;
