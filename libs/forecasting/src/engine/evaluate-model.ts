import { MODEL_CATALOGUE, phaseLabel, type FitPhase, type FitProgress, type Metrics, type ModelKind } from '@foretell/contracts';
import { countMissing, fillMissing, type FillStrategy } from '../core/fill';
import { countBelowZero, floorAtZero } from '../core/non-negative';
import { checkLevel } from '../evaluation/conformal';
import { fitEnd, planCutoffs, validatePlan, type BacktestPlan } from '../evaluation/cross-validation';
import { checkCovariates, covariatesAt, CovariatesError, hasCovariates } from '../core/covariates';
import type { SeriesCovariates } from '../core/model';
import type { ModelArtifact } from '../core/artifact';
import { createModel } from '../models/model-kinds';
import type { FitReport } from '../neural/training/fit-report';
import { FittedSet, Stopwatch, UnfittableSeriesError, type RunContext } from './model-runner';
import { combineSlices, DEFAULT_LEVELS, NAMED_SERIES, type EvaluatedSlice } from './combine-slices';
import { scoreSlice, type ModelEvaluation, type ScoredSlice } from './summarize';

export type { ModelEvaluation, SeriesEvaluation } from './summarize';

export interface EvaluateInput {
  /** Regular series on one grid each; NaN = missing (filled inside the engine, from the past only). */
  series: readonly Float64Array[];
  /**
   * Optional covariates, one entry per series (same order), for models with `capabilities.covariates` (the others
   * are refused with a CovariatesError): past ones as long as their series, future ones as long as it plus the
   * horizon (their last h values are those of the forecast window). At every backtest origin the model sees past
   * covariates up to the origin and future ones up to the origin + h, nothing later; gaps are the model's to fill,
   * from the past only.
   */
  covariates?: readonly SeriesCovariates[];
  /** The series' names (keys), for messages; without them a series is named by its 1-based position. */
  seriesNames?: readonly string[];
  horizon: number;
  /** Seasonal period (1 = none); used by seasonal models and as MASE's lag. */
  season: number;
  /**
   * Candidate seasonal periods (e.g. `seasonalCandidates(frequency)`: 24 and 168 hourly) that mstl, seasonal_naive
   * and, from LONG_SEASON on, auto_ets and auto_arima test on each training series; default just `season`.
   */
  seasonalities?: readonly number[];
  backtest: BacktestPlan;
  model: { kind: ModelKind; params?: Record<string, unknown> };
  seed?: number;
  /** Interval levels in percent; default [80, 95]. */
  levels?: number[];
  /** How missing values are filled before a model sees them; default 'linear'. */
  fill?: FillStrategy;
  /** Which fit runs and how far the evaluation is (a fraction of its fits), with each epoch of a neural fit. */
  onProgress?: (progress: FitProgress) => void;
  signal?: AbortSignal;
  /** Also return the final model (fitted on the full series, which made the forecasts) saved, for a model registry. */
  keepArtifact?: boolean;
}

/** An evaluation's results, with its final fit's report (neural models) and, when asked, its final model saved. */
export type Evaluation = ModelEvaluation & FinalFit;
/** One slice of series evaluated (`evaluateSlice`), with its final fit's report and, when asked, its model saved. */
export type SliceEvaluation = EvaluatedSlice & FinalFit;

interface FinalFit {
  fitReport: FitReport | null;
  artifact?: EvaluationArtifact;
}

/**
 * The final model of an evaluation, saved (`keepArtifact`): restored, it forecasts what the evaluation did once the
 * range rule is applied to its forecasts as here (`boundForecast`).
 */
export interface EvaluationArtifact {
  model: ModelArtifact;
  /** The input series the artifact's series are, in its order (series that could not be forecast are left out). */
  series: number[];
}

const YIELD_EVERY_MS = 50;

/**
 * Backtests one model by rolling origin, forecasts h steps past the end of every series, and calibrates
 * prediction intervals on the backtest errors. Local models are fitted per series, global ones once per origin
 * on all series.
 */
export async function evaluateModel(input: EvaluateInput): Promise<Evaluation> {
  const { fitReport, artifact, ...slice } = await evaluateSlice(input);
  return { ...combineSlices([slice], input), fitReport, ...(artifact && { artifact }) };
}

/**
 * `evaluateModel` on some of the series, without what needs all of them (means, intervals, coverage): the slices
 * of a local model's series, each evaluated on its own (on any worker), combine (`combineSlices`, in series order)
 * into exactly the evaluation of all of them at once.
 */
export async function evaluateSlice(input: EvaluateInput): Promise<SliceEvaluation> {
  const { series, horizon: h, season: m, backtest: plan } = input;
  const label = seriesLabel(input.seriesNames);
  validateInput(input, label);
  const levels = input.levels ?? DEFAULT_LEVELS;
  const fill = input.fill ?? 'linear';
  const seed = input.seed ?? 0;
  let refitForced = false;
  input.signal?.throwIfAborted();

  const reads = MODEL_CATALOGUE[input.model.kind].covariates;
  const covariates = hasCovariates(input.covariates) ? input.covariates : undefined;
  if (covariates && reads === 'none') {
    throw new CovariatesError(`model "${input.model.kind}" cannot use covariates; run it without them`);
  }
  if (covariates?.some((c) => c.past.length > 0) && reads === 'future') {
    throw new CovariatesError(`model "${input.model.kind}" reads only future covariates; run it without the past ones`);
  }
  const probe = createModel(input.model);
  const global = probe.capabilities.global;
  let refit = plan.refit ?? true;
  if (!refit && typeof probe.forecastFrom !== 'function') {
    refit = true;
    refitForced = true;
  }
  probe.dispose();

  const minTrain = Math.max(2, m + 1);
  const usable = series.map((s) => s.length - countMissing(s) > 0);
  const cutoffs = series.map((s, i) => (usable[i] ? planCutoffs(s.length, h, plan, minTrain) : null));
  const cutsOf = (i: number): number[] => cutoffs[i] ?? [];
  const backtestable = series.map((_, i) => i).filter((i) => cutoffs[i] !== null);
  const windows = backtestable.reduce((most, i) => Math.max(most, cutsOf(i).length), 0);
  const unusable = usable.filter((u) => !u).length;
  const short = series.length - unusable - backtestable.length;
  const shortIds = series.map((_, i) => i).filter((i) => usable[i] && cutoffs[i] === null);

  // Progress counts model fits (one per series for local models) and, without refitting, forecast passes.
  const fitsPerPass = (count: number) => (global ? (count > 0 ? 1 : 0) : count);
  const participants = (w: number) => backtestable.filter((i) => cutsOf(i).length > w);
  let total = fitsPerPass(usable.filter(Boolean).length);
  if (refit) for (let w = 0; w < windows; w++) total += fitsPerPass(participants(w).length);
  else total += fitsPerPass(backtestable.length) + windows;
  let done = 0;
  let phase: FitPhase = windows > 0 ? { kind: 'backtest', window: 1, of: windows } : { kind: 'final' };
  const progress = (fraction: number): number => Math.min(1, fraction / Math.max(1, total));
  let lastYield = performance.now();
  const stopwatch = new Stopwatch();
  const ctx: RunContext = {
    spec: { kind: input.model.kind, params: input.model.params ?? {} },
    season: m,
    seasonalities: input.seasonalities,
    seed,
    horizon: h,
    fitProgress: (fraction, epoch) => input.onProgress?.({ fraction: progress(done + fraction), phase, ...(epoch && { epoch }) }),
    stopwatch,
    signal: input.signal,
    tick: async () => {
      done++;
      input.onProgress?.({ fraction: progress(done), phase });
      // Let timers and abort events through during long CPU-bound loops.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
      input.signal?.throwIfAborted();
    },
  };

  // Training data never extends past its origin, and is filled from that past alone (no interpolation
  // towards a future value).
  // A prefix without gaps is passed as a view (models must not modify their inputs), so thousands of origins on
  // a long series cost no copies.
  const firstMissing = series.map((s) => s.findIndex(Number.isNaN)).map((i, j) => (i < 0 ? series[j].length : i));
  const history = (i: number, end: number) =>
    end <= firstMissing[i] ? series[i].subarray(0, end) : fillMissing(series[i].subarray(0, end), fill).values;
  // Covariates of series `ids` as known at origins `ends`: future ones `ahead` steps further.
  const covariatesOf = (ids: readonly number[], ends: readonly number[], ahead: number) =>
    covariates && ids.map((i, j) => covariatesAt(covariates[i], ends[j], ahead));
  // The range rule (core/non-negative): a forecast from a history with no negative value is floored at 0.
  const firstNegative = series.map((s) => s.findIndex((v) => v < 0)).map((i, j) => (i < 0 ? series[j].length : i));
  const bounded = (i: number, end: number, forecast: Float64Array): Float64Array =>
    end <= firstNegative[i] ? floorAtZero(forecast) : forecast;
  const yhat: number[][][] = series.map(() => []);
  // Fits series `ids`; a local model that cannot fit one of them fails the evaluation saying which and why.
  const fitSet = (ids: readonly number[], trains: Float64Array[], cov?: readonly SeriesCovariates[]) =>
    FittedSet.fit(trains, ctx, cov).catch((error: unknown) => {
      if (!(error instanceof UnfittableSeriesError)) throw error;
      const i = ids[error.position];
      throw new RangeError(
        `model "${input.model.kind}" cannot be fitted to ${label(i)}: its values are too large or span too many orders ` +
          `of magnitude (up to ${largest(series[i])}) for the model's squared errors to stay finite; rescale the data ` +
          '(divide by a constant, or take logs) or choose another model',
        { cause: error },
      );
    });

  if (refit) {
    for (let w = 0; w < windows; w++) {
      phase = { kind: 'backtest', window: w + 1, of: windows };
      const ids = participants(w);
      const ends = ids.map((i) => cutsOf(i)[w]);
      const set = await fitSet(ids, ids.map((i, j) => history(i, ends[j])), covariatesOf(ids, ends, 0));
      try {
        const preds = checkFinite(await set.predict(h, stopwatch, covariatesOf(ids, ends, h)), ids, input.model.kind, phase, label);
        ids.forEach((i, j) => yhat[i].push(Array.from(bounded(i, ends[j], preds[j]))));
      } finally {
        set.dispose();
      }
    }
  } else if (backtestable.length > 0) {
    const fitEnds = backtestable.map((i) => fitEnd(plan, cutsOf(i)));
    const set = await fitSet(
      backtestable,
      backtestable.map((i, j) => history(i, fitEnds[j])),
      covariatesOf(backtestable, fitEnds, 0),
    );
    try {
      for (let w = 0; w < windows; w++) {
        phase = { kind: 'backtest', window: w + 1, of: windows };
        // Every fitted series gets a history (the contract keeps order); series without window w are ignored.
        const ends = backtestable.map((i) => cutsOf(i)[w] ?? fitEnd(plan, cutsOf(i)));
        const histories = backtestable.map((i, j) => history(i, ends[j]));
        const preds = await set.forecastFrom(histories, h, stopwatch, covariatesOf(backtestable, ends, h));
        // Series past their last window were given a stand-in history; only the windows that are scored must be finite.
        const scored = backtestable.map((i, j) => j).filter((j) => w < cutsOf(backtestable[j]).length);
        checkFinite(scored.map((j) => preds[j]), scored.map((j) => backtestable[j]), input.model.kind, phase, label);
        backtestable.forEach((i, j) => {
          if (w < cutsOf(i).length) yhat[i].push(Array.from(bounded(i, ends[j], preds[j])));
        });
        await ctx.tick();
      }
    } finally {
      set.dispose();
    }
  }

  const usableIds = series.map((_, i) => i).filter((i) => usable[i]);
  phase = { kind: 'final' };
  const lengths = usableIds.map((i) => series[i].length);
  const finalSet = await fitSet(
    usableIds,
    usableIds.map((i, j) => history(i, lengths[j])),
    covariatesOf(usableIds, lengths, 0),
  );
  const forecasts: Float64Array[] = series.map(() => new Float64Array(h).fill(NaN));
  let backend: string;
  let fitReport: FitReport | null;
  let artifact: EvaluationArtifact | undefined;
  const flooredIds: number[] = [];
  try {
    const preds = checkFinite(await finalSet.predict(h, stopwatch, covariatesOf(usableIds, lengths, h)), usableIds, input.model.kind, phase, label);
    usableIds.forEach((i, j) => {
      forecasts[i] = bounded(i, lengths[j], preds[j]);
      if (countBelowZero(preds[j]) > countBelowZero(forecasts[i])) flooredIds.push(i);
    });
    backend = finalSet.backend;
    fitReport = finalSet.report;
    if (input.keepArtifact && usableIds.length > 0) artifact = { model: finalSet.save(), series: usableIds };
  } finally {
    finalSet.dispose();
  }

  const scored = scoreSlice({ series, cutoffs, yhat, forecasts, horizon: h, season: m, levels });
  return {
    scored,
    unusable,
    short,
    shortNames: namedSeries(shortIds, input.seriesNames),
    refitForced,
    floored: flooredIds.length,
    flooredNames: namedSeries(flooredIds, input.seriesNames),
    baseline: await baselineMetrics(input, scored),
    fitSeconds: stopwatch.fitSeconds,
    predictSeconds: stopwatch.predictSeconds,
    backend,
    fitReport,
    ...(artifact && { artifact }),
  };
}

type SeriesLabel = (i: number) => string;

/** The first series of `ids` as warnings name them (enough for a combined list): keys quoted, else 1-based positions. */
function namedSeries(ids: readonly number[], names: readonly string[] | undefined): string[] {
  return ids.slice(0, NAMED_SERIES).map((i) => (names?.[i] !== undefined ? JSON.stringify(names[i]) : `#${i + 1}`));
}

/** How messages name series `i`: by its key (quoted) when the caller gave names, else by its 1-based position. */
function seriesLabel(names: readonly string[] | undefined): SeriesLabel {
  return (i) => (names?.[i] !== undefined ? `series ${JSON.stringify(names[i])}` : `series ${i + 1}`);
}

/** The largest finite magnitude in a series, to three significant digits. */
function largest(values: Float64Array): string {
  let most = 0;
  for (const v of values) if (Number.isFinite(v)) most = Math.max(most, Math.abs(v));
  return String(Number(most.toPrecision(3)));
}

/**
 * Seasonal naive's per-series metrics on the same series, origins and candidate periods, for the warning of a model
 * that does worse than this floor a user can always pick instead; null for seasonal naive itself or without a MASE.
 */
async function baselineMetrics(input: EvaluateInput, scored: ScoredSlice): Promise<(Metrics | null)[] | null> {
  if (input.model.kind === 'seasonal_naive' || !scored.perSeries.some((p) => p.metrics?.mase != null)) return null;
  const baseline = await evaluateSlice({
    ...input,
    covariates: undefined,
    model: { kind: 'seasonal_naive' },
    keepArtifact: false,
    onProgress: undefined,
  });
  return baseline.scored.perSeries.map((p) => p.metrics);
}

/**
 * A forecast that is not a finite number cannot be scored or stored (metrics would be null or, worse, perfect): the
 * model fails, saying where. RangeError: the run's settings or data, not a fault retrying can fix.
 */
function checkFinite(preds: Float64Array[], ids: readonly number[], kind: ModelKind, phase: FitPhase, label: SeriesLabel): Float64Array[] {
  preds.forEach((forecast, j) => {
    const k = forecast.findIndex((v) => !Number.isFinite(v));
    if (k >= 0) {
      throw new RangeError(
        `model "${kind}" forecast ${forecast[k]} for ${label(ids[j])} at step ${k + 1} (${phaseLabel(phase)}): its values are too ` +
          'extreme for this model (near ±1.8e308, or differences that overflow); rescale the data or choose another model',
      );
    }
  });
  return preds;
}

/** ±Infinity is never a value (NaN is a missing one): models would forecast from it and metrics score it as perfect. */
function checkSeriesFinite(series: readonly Float64Array[], label: SeriesLabel): void {
  series.forEach((values, i) => {
    const t = values.findIndex((v) => v === Infinity || v === -Infinity);
    if (t >= 0) {
      throw new RangeError(
        `${label(i)} holds ${values[t]} at point ${t + 1}: only finite numbers can be modelled (NaN marks a missing ` +
          'value); fix or remove that value',
      );
    }
  });
}

function validateInput(input: EvaluateInput, label: SeriesLabel): void {
  const { horizon, season } = input;
  checkSeriesFinite(input.series, label);
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  if (!Number.isInteger(season) || season < 1) throw new RangeError(`season must be a positive integer, got ${season}`);
  validatePlan(input.backtest, horizon);
  if (input.covariates) checkCovariates(input.covariates, input.series.map((s) => s.length), horizon);
  for (const level of input.levels ?? []) checkLevel(level);
}
