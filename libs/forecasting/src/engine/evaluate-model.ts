import type { MetricName, Metrics, ModelKind } from '@foretell/contracts';
import { countMissing, fillMissing, type FillStrategy } from '../data/fill';
import { calibrate, checkLevel, intervalFor } from '../evaluation/conformal';
import { maseScale } from '../evaluation/metrics';
import { fitEnd, planCutoffs, validatePlan, type BacktestPlan } from '../evaluation/cross-validation';
import { METRIC_NAMES, meanMetrics, robustScale, windowMetrics } from '../evaluation/scoring';
import { createModel } from '../models/registry';
import { FittedSet, Stopwatch, type RunContext } from './model-runner';

export interface EvaluateInput {
  /** Regular series on one grid each; NaN = missing (filled inside the engine, from the past only). */
  series: readonly Float64Array[];
  horizon: number;
  /** Seasonal period (1 = none); used by seasonal models and as MASE's lag. */
  season: number;
  backtest: BacktestPlan;
  model: { kind: ModelKind; params?: Record<string, unknown> };
  seed?: number;
  /** Interval levels in percent; default [80, 95]. */
  levels?: number[];
  /** How missing values are filled before a model sees them; default 'linear'. */
  fill?: FillStrategy;
  onProgress?: (fraction: number, message?: string) => void;
  signal?: AbortSignal;
}

export interface SeriesEvaluation {
  /** Mean over the backtest windows; null when the series is too short to backtest. */
  metrics: Metrics | null;
  /** `yhat[w]` forecasts the h points from `cutoffs[w]` (0-based index of the first forecast point). */
  backtest: { cutoffs: number[]; yhat: number[][]; metrics: (Metrics | null)[] };
  /** h steps after the series ends, the model refitted on the whole series; NaN if the series has no known value. */
  forecast: Float64Array;
  /** level ("80") → conformal bounds around `forecast`. */
  intervals: Record<string, { lo: number[]; hi: number[] }>;
  /** Missing points filled before fitting. */
  missing: number;
}

export interface ModelEvaluation {
  /** M4 style: mean over series of each series' metric (itself the mean over windows). */
  metrics: Metrics;
  /** The same, at each horizon step. */
  perStep: Record<MetricName, (number | null)[]>;
  perSeries: SeriesEvaluation[];
  /** Cross-validated share of backtest actuals inside the conformal intervals, per level; null if not measurable. */
  coverage: Record<string, number | null>;
  fitSeconds: number;
  predictSeconds: number;
  backend: string;
  /** Things the caller should know (series skipped, refitting forced, intervals under-calibrated). */
  warnings: string[];
}

const DEFAULT_LEVELS = [80, 95];
const YIELD_EVERY_MS = 50;

/**
 * Backtests one model by rolling origin, forecasts h steps past the end of every series, and calibrates
 * prediction intervals on the backtest errors. Local models are fitted per series, global ones once per origin
 * on all series.
 */
export async function evaluateModel(input: EvaluateInput): Promise<ModelEvaluation> {
  const { series, horizon: h, season: m, backtest: plan } = input;
  validateInput(input);
  const levels = input.levels ?? DEFAULT_LEVELS;
  const fill = input.fill ?? 'linear';
  const seed = input.seed ?? 0;
  const warnings: string[] = [];
  input.signal?.throwIfAborted();

  const probe = createModel(input.model);
  const global = probe.capabilities.global;
  let refit = plan.refit ?? true;
  if (!refit && typeof probe.forecastFrom !== 'function') {
    refit = true;
    warnings.push(`model "${input.model.kind}" cannot forecast without refitting; it was refitted at every origin`);
  }
  probe.dispose();

  const minTrain = Math.max(2, m + 1);
  const usable = series.map((s) => s.length - countMissing(s) > 0);
  const cutoffs = series.map((s, i) => (usable[i] ? planCutoffs(s.length, h, plan, minTrain) : null));
  const cutsOf = (i: number): number[] => cutoffs[i] ?? [];
  const backtestable = series.map((_, i) => i).filter((i) => cutoffs[i] !== null);
  const windows = Math.max(0, ...backtestable.map((i) => cutsOf(i).length));
  const unusable = usable.filter((u) => !u).length;
  if (unusable > 0) warnings.push(`${unusable} series have no known value and get no forecast`);
  const short = series.length - unusable - backtestable.length;
  if (short > 0) {
    warnings.push(`${short} series are too short to backtest (need ${minTrain} points before the first origin)`);
  }

  // Progress counts model fits (one per series for local models) and, without refitting, forecast passes.
  const fitsPerPass = (count: number) => (global ? (count > 0 ? 1 : 0) : count);
  const participants = (w: number) => backtestable.filter((i) => cutsOf(i).length > w);
  let total = fitsPerPass(usable.filter(Boolean).length);
  if (refit) for (let w = 0; w < windows; w++) total += fitsPerPass(participants(w).length);
  else total += fitsPerPass(backtestable.length) + windows;
  let done = 0;
  let lastYield = performance.now();
  const stopwatch = new Stopwatch();
  const ctx: RunContext = {
    spec: { kind: input.model.kind, params: input.model.params ?? {} },
    season: m,
    seed,
    stopwatch,
    signal: input.signal,
    tick: async () => {
      done++;
      input.onProgress?.(Math.min(1, done / Math.max(1, total)));
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
  const history = (i: number, end: number) => fillMissing(series[i].subarray(0, end), fill).values;
  const yhat: number[][][] = series.map(() => []);

  if (refit) {
    for (let w = 0; w < windows; w++) {
      const ids = participants(w);
      const set = await FittedSet.fit(ids.map((i) => history(i, cutsOf(i)[w])), ctx);
      try {
        const preds = await set.predict(h, stopwatch);
        ids.forEach((i, j) => yhat[i].push(Array.from(preds[j])));
      } finally {
        set.dispose();
      }
    }
  } else if (backtestable.length > 0) {
    const set = await FittedSet.fit(backtestable.map((i) => history(i, fitEnd(plan, cutsOf(i)))), ctx);
    try {
      for (let w = 0; w < windows; w++) {
        // Every fitted series gets a history (the contract keeps order); series without window w are ignored.
        const ends = backtestable.map((i) => cutsOf(i)[w] ?? fitEnd(plan, cutsOf(i)));
        const preds = await set.forecastFrom(backtestable.map((i, j) => history(i, ends[j])), h, stopwatch);
        backtestable.forEach((i, j) => {
          if (w < cutsOf(i).length) yhat[i].push(Array.from(preds[j]));
        });
        await ctx.tick();
      }
    } finally {
      set.dispose();
    }
  }

  const usableIds = series.map((_, i) => i).filter((i) => usable[i]);
  const finalSet = await FittedSet.fit(usableIds.map((i) => history(i, series[i].length)), ctx);
  const forecasts: Float64Array[] = series.map(() => new Float64Array(h).fill(NaN));
  let backend: string;
  try {
    const preds = await finalSet.predict(h, stopwatch);
    usableIds.forEach((i, j) => (forecasts[i] = preds[j]));
    backend = finalSet.backend;
  } finally {
    finalSet.dispose();
  }

  const scored = score(series, cutoffs, yhat, h, m);
  const calibration = calibrate(scored.scoresByStep, levels);
  for (const level of levels) {
    const key = String(level);
    if (!calibration.exact[key]) {
      warnings.push(`too few backtest errors to calibrate ${key}% intervals exactly; they may under-cover`);
    }
  }
  const calibrated = scored.scoresByStep.some((s) => s.length > 0);
  if (!calibrated && series.length > 0) warnings.push('no series could be backtested, so no intervals were calibrated');

  const perSeries: SeriesEvaluation[] = series.map((s, i) => {
    const intervals: SeriesEvaluation['intervals'] = {};
    if (calibrated && usable[i]) {
      const scale = robustScale(s, m);
      for (const level of levels) intervals[String(level)] = intervalFor(forecasts[i], calibration.quantiles[String(level)], scale);
    }
    return {
      metrics: meanMetrics(scored.windowMetrics[i]),
      backtest: { cutoffs: cutoffs[i] ?? [], yhat: yhat[i], metrics: scored.windowMetrics[i] },
      forecast: forecasts[i],
      intervals,
      missing: countMissing(s),
    };
  });

  return {
    metrics: meanMetrics(perSeries.map((p) => p.metrics)) ?? emptyMetrics(),
    perStep: scored.perStep,
    perSeries,
    coverage: crossValidatedCoverage(scored.records, levels, windows),
    fitSeconds: stopwatch.fitSeconds,
    predictSeconds: stopwatch.predictSeconds,
    backend,
    warnings,
  };
}

function validateInput(input: EvaluateInput): void {
  const { horizon, season } = input;
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer, got ${horizon}`);
  if (!Number.isInteger(season) || season < 1) throw new RangeError(`season must be a positive integer, got ${season}`);
  validatePlan(input.backtest, horizon);
  for (const level of input.levels ?? []) checkLevel(level);
}

function emptyMetrics(): Metrics {
  return { smape: null, mase: null, mae: null, rmse: null };
}

/** One scaled absolute backtest error, with where it came from (for cross-validated coverage). */
interface ScoreRecord {
  series: number;
  window: number;
  step: number;
  score: number;
}

function score(
  series: readonly Float64Array[],
  cutoffs: readonly (number[] | null)[],
  yhat: readonly number[][][],
  h: number,
  m: number,
) {
  const scoresByStep: number[][] = Array.from({ length: h }, () => []);
  const records: ScoreRecord[] = [];
  // Per series and step: sums over windows of each metric's term, to average per series, then over series.
  const stepTerms = Object.fromEntries(METRIC_NAMES.map((n) => [n, []])) as unknown as Record<MetricName, (number | null)[][]>;
  const windowMetricsOut = series.map((s, i) => {
    const cuts = cutoffs[i];
    if (!cuts) return [];
    const terms = Object.fromEntries(METRIC_NAMES.map((n) => [n, Array.from({ length: h }, () => [] as number[])])) as Record<
      MetricName,
      number[][]
    >;
    const result = cuts.map((c, w) => {
      const y = s.subarray(c, c + h);
      const insample = s.subarray(0, c);
      const f = yhat[i][w];
      const scale = robustScale(insample, m);
      const maseDenominator = maseScale(insample, m);
      for (let k = 0; k < h; k++) {
        if (Number.isNaN(y[k])) continue;
        const error = Math.abs(y[k] - f[k]);
        const sum = Math.abs(y[k]) + Math.abs(f[k]);
        terms.smape[k].push(sum === 0 ? 0 : (200 * error) / sum);
        terms.mae[k].push(error);
        terms.rmse[k].push(error * error);
        if (maseDenominator > 0) terms.mase[k].push(error / maseDenominator);
        const sc = error / scale;
        if (Number.isFinite(sc)) {
          scoresByStep[k].push(sc);
          records.push({ series: i, window: w, step: k, score: sc });
        }
      }
      return y.some((v) => !Number.isNaN(v)) ? windowMetrics(y, f, insample, m) : null;
    });
    for (const name of METRIC_NAMES) {
      stepTerms[name].push(
        terms[name].map((values) => {
          if (values.length === 0) return null;
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          return name === 'rmse' ? Math.sqrt(mean) : mean;
        }),
      );
    }
    return result;
  });

  const perStep = {} as Record<MetricName, (number | null)[]>;
  for (const name of METRIC_NAMES) {
    const rows = stepTerms[name];
    perStep[name] = Array.from({ length: h }, (_, k) => {
      const values = rows.map((r) => r[k]).filter((v): v is number => v !== null && Number.isFinite(v));
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
    });
  }
  return { scoresByStep, records, perStep, windowMetrics: windowMetricsOut };
}

/**
 * Coverage measured honestly: errors are split into up to 10 folds (by window when there are several windows,
 * otherwise by series); each fold is checked against intervals calibrated on the other folds only.
 */
function crossValidatedCoverage(records: readonly ScoreRecord[], levels: readonly number[], windows: number) {
  const byWindow = windows >= 2;
  const groupOf = (r: ScoreRecord) => (byWindow ? r.window : r.series);
  const groups = [...new Set(records.map(groupOf))].sort((a, b) => a - b);
  const out: Record<string, number | null> = {};
  for (const level of levels) out[String(level)] = null;
  if (groups.length < 2) return out;
  const folds = Math.min(10, groups.length);
  const foldOfGroup = new Map(groups.map((g, idx) => [g, Math.floor((idx * folds) / groups.length)]));
  const steps = Math.max(...records.map((r) => r.step)) + 1;
  const inside: Record<string, number> = {};
  let total = 0;
  for (let fold = 0; fold < folds; fold++) {
    const train: number[][] = Array.from({ length: steps }, () => []);
    const test: ScoreRecord[] = [];
    for (const r of records) {
      if (foldOfGroup.get(groupOf(r)) === fold) test.push(r);
      else train[r.step].push(r.score);
    }
    const cal = calibrate(train, levels);
    total += test.length;
    for (const level of levels) {
      const q = cal.quantiles[String(level)];
      inside[String(level)] = (inside[String(level)] ?? 0) + test.filter((r) => r.score <= q[r.step]).length;
    }
  }
  for (const level of levels) out[String(level)] = total > 0 ? inside[String(level)] / total : null;
  return out;
}
