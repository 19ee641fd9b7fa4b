import type { MetricName, Metrics } from '@foretell/contracts';
import { countMissing } from '../core/fill';
import { floorAtZero, isNonNegative } from '../core/non-negative';
import { calibrate, intervalFor } from '../evaluation/conformal';
import { beyondScoringRange, hasScale, METRIC_NAMES, meanMetrics, PrefixScales, robustScale, windowMetrics } from '../evaluation/scoring';

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

export interface Backtested {
  series: readonly Float64Array[];
  /** Per series: the backtest origins, or null when the series was too short to backtest. */
  cutoffs: readonly (number[] | null)[];
  /** Per series and window: the h forecasts from that origin. */
  yhat: number[][][];
  /** Per series: h steps after its end (NaN where the series could not be forecast). */
  forecasts: Float64Array[];
  horizon: number;
  season: number;
  levels: readonly number[];
}

/**
 * What scoring one slice of the series leaves for `combineScored`: per-series results without intervals (those need
 * the errors of every series) and the scaled backtest errors the intervals and their coverage are calibrated on.
 * Slices of one evaluation combine into exactly what scoring all its series at once gives.
 */
export interface ScoredSlice {
  perSeries: (Omit<SeriesEvaluation, 'intervals'> & {
    /** Robust scale of the whole series, for its intervals. */
    scale: number;
    /** No negative value in its history: its interval bounds are floored at 0 as its forecast is (core/non-negative). */
    nonNegative: boolean;
  })[];
  /** Per metric, series and step: the series' mean over its windows of that step's term (rmse: its root). */
  stepTerms: Record<MetricName, (number | null)[][]>;
  /** Scaled absolute backtest errors as [series (in the slice), window, step, score]. */
  records: [number, number, number, number][];
  /** The most backtest windows of a series in the slice. */
  windows: number;
  /** Series backtested but left out of the metrics and intervals' errors: their values are beyond `beyondScoringRange`. */
  unscorable: number;
}

/**
 * Everything the backtest and final forecasts imply: metrics per window, series, step and overall; conformal
 * intervals around the final forecasts; their cross-validated coverage. Shared by single models and ensembles.
 */
export function summarize(input: Backtested): Omit<ModelEvaluation, 'fitSeconds' | 'predictSeconds' | 'backend'> {
  return combineScored([scoreSlice(input)], input.horizon, input.levels);
}

/** Scores the backtest of some series: everything of `summarize` that does not depend on the other series. */
export function scoreSlice(input: Backtested): ScoredSlice {
  const { series, cutoffs, yhat, forecasts, horizon: h, season: m } = input;
  const scored = score(series, cutoffs, yhat, h, m);
  return {
    perSeries: series.map((s, i) => ({
      metrics: meanMetrics(scored.windowMetrics[i]),
      backtest: { cutoffs: cutoffs[i] ?? [], yhat: yhat[i], metrics: scored.windowMetrics[i] },
      forecast: forecasts[i],
      missing: countMissing(s),
      scale: robustScale(s, m),
      nonNegative: isNonNegative(s),
    })),
    stepTerms: scored.stepTerms,
    records: scored.records,
    unscorable: scored.unscorable,
    windows: cutoffs.reduce((most, c) => Math.max(most, c?.length ?? 0), 0),
  };
}

/**
 * Joins scored slices (in series order) into one evaluation: means over every series, intervals and coverage
 * calibrated on the pooled errors of every series — the same numbers as scoring all series at once.
 */
export function combineScored(slices: readonly ScoredSlice[], h: number, levels: readonly number[]): Omit<ModelEvaluation, 'fitSeconds' | 'predictSeconds' | 'backend'> {
  const warnings: string[] = [];
  const records: ScoreRecord[] = [];
  const scoresByStep: number[][] = Array.from({ length: h }, () => []);
  let offset = 0;
  for (const slice of slices) {
    for (const [series, window, step, score] of slice.records) {
      records.push({ series: offset + series, window, step, score });
      scoresByStep[step].push(score);
    }
    offset += slice.perSeries.length;
  }
  const calibration = calibrate(scoresByStep, levels);
  const calibrated = scoresByStep.some((s) => s.length > 0);
  for (const level of levels) {
    const key = String(level);
    if (calibrated && !calibration.exact[key]) {
      warnings.push(`too few backtest errors to calibrate ${key}% intervals exactly; they may under-cover`);
    }
  }
  if (!calibrated && offset > 0) warnings.push('no series could be backtested, so no intervals were calibrated');
  const unscorable = slices.reduce((sum, slice) => sum + slice.unscorable, 0);
  if (unscorable > 0) {
    warnings.push(
      `${unscorable} series left out of the metrics: ${unscorable === 1 ? 'its' : 'their'} values are too large or span too many ` +
        'orders of magnitude for errors to be compared (a squared value overflows, or the largest is beyond float64 ' +
        "precision of the typical one); rescale the data (divide by a constant, or take logs)",
    );
  }

  const perSeries: SeriesEvaluation[] = slices.flatMap((slice) =>
    slice.perSeries.map(({ scale, nonNegative, ...result }) => {
      const intervals: SeriesEvaluation['intervals'] = {};
      if (calibrated && result.forecast.every(Number.isFinite)) {
        for (const level of levels) {
          const { lo, hi } = intervalFor(result.forecast, calibration.quantiles[String(level)], scale);
          // The range rule (core/non-negative) holds for the bounds as for the forecast.
          intervals[String(level)] = nonNegative ? { lo: Array.from(floorAtZero(lo)), hi: Array.from(floorAtZero(hi)) } : { lo, hi };
        }
      }
      return { ...result, intervals };
    }),
  );
  const perStep = {} as Record<MetricName, (number | null)[]>;
  for (const name of METRIC_NAMES) {
    const rows = slices.flatMap((slice) => slice.stepTerms[name]);
    perStep[name] = Array.from({ length: h }, (_, k) => {
      const values = rows.map((r) => r[k]).filter((v): v is number => v !== null && Number.isFinite(v));
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
    });
  }
  const windows = slices.reduce((most, slice) => Math.max(most, slice.windows), 0);
  return {
    metrics: meanMetrics(perSeries.map((p) => p.metrics)) ?? emptyMetrics(),
    perStep,
    perSeries,
    coverage: crossValidatedCoverage(records, levels, windows, h),
    warnings,
  };
}

export function emptyMetrics(): Metrics {
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
  const records: ScoredSlice['records'] = [];
  // Per series and step: sums over windows of each metric's term, to average per series, then over series.
  const stepTerms = Object.fromEntries(METRIC_NAMES.map((n) => [n, []])) as unknown as Record<MetricName, (number | null)[][]>;
  let unscorable = 0;
  const windowMetricsOut = series.map((s, i) => {
    const cuts = cutoffs[i];
    if (!cuts) return [];
    if (beyondScoringRange(s)) {
      unscorable++;
      return cuts.map(() => null);
    }
    const scales = new PrefixScales(s, m);
    const terms = Object.fromEntries(METRIC_NAMES.map((n) => [n, Array.from({ length: h }, () => [] as number[])])) as Record<
      MetricName,
      number[][]
    >;
    const result = cuts.map((c, w) => {
      const y = s.subarray(c, c + h);
      const f = yhat[i][w];
      const scale = scales.robust(c);
      const maseDenominator = scales.mase(c);
      for (let k = 0; k < h; k++) {
        if (Number.isNaN(y[k])) continue;
        const error = Math.abs(y[k] - f[k]);
        const sum = Math.abs(y[k]) + Math.abs(f[k]);
        terms.smape[k].push(sum === 0 ? 0 : (200 * error) / sum);
        terms.mae[k].push(error);
        terms.rmse[k].push(error * error);
        if (hasScale(maseDenominator)) terms.mase[k].push(error / maseDenominator);
        const sc = error / scale;
        if (Number.isFinite(sc)) records.push([i, w, k, sc]);
      }
      return y.some((v) => !Number.isNaN(v)) ? windowMetrics(y, f, maseDenominator) : null;
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

  return { records, stepTerms, windowMetrics: windowMetricsOut, unscorable };
}

/**
 * Coverage measured honestly: errors are split into up to 10 folds (by window when there are several windows,
 * otherwise by series); each fold is checked against intervals calibrated on the other folds only.
 */
function crossValidatedCoverage(records: readonly ScoreRecord[], levels: readonly number[], windows: number, steps: number) {
  const byWindow = windows >= 2;
  const groupOf = (r: ScoreRecord) => (byWindow ? r.window : r.series);
  const groups = [...new Set(records.map(groupOf))].sort((a, b) => a - b);
  const out: Record<string, number | null> = {};
  for (const level of levels) out[String(level)] = null;
  if (groups.length < 2) return out;
  const folds = Math.min(10, groups.length);
  const foldOfGroup = new Map(groups.map((g, idx) => [g, Math.floor((idx * folds) / groups.length)]));
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
