import type { MetricName, Metrics } from '@foretell/contracts';
import { countMissing } from '../core/fill';
import { floorAtZero, isNonNegative } from '../core/non-negative';
import { calibrate, intervalFor } from '../evaluation/conformal';
import { hasScale, METRIC_NAMES, meanMetrics, PrefixScales, robustScale, windowMetrics } from '../evaluation/scoring';

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
 * Everything the backtest and final forecasts imply: metrics per window, series, step and overall; conformal
 * intervals around the final forecasts; their cross-validated coverage. Shared by single models and ensembles.
 */
export function summarize(input: Backtested): Omit<ModelEvaluation, 'fitSeconds' | 'predictSeconds' | 'backend'> {
  const { series, cutoffs, yhat, forecasts, horizon: h, season: m, levels } = input;
  const warnings: string[] = [];
  const windows = cutoffs.reduce((most, c) => Math.max(most, c?.length ?? 0), 0);
  const scored = score(series, cutoffs, yhat, h, m);
  const calibration = calibrate(scored.scoresByStep, levels);
  const calibrated = scored.scoresByStep.some((s) => s.length > 0);
  for (const level of levels) {
    const key = String(level);
    if (calibrated && !calibration.exact[key]) {
      warnings.push(`too few backtest errors to calibrate ${key}% intervals exactly; they may under-cover`);
    }
  }
  if (!calibrated && series.length > 0) warnings.push('no series could be backtested, so no intervals were calibrated');

  const perSeries: SeriesEvaluation[] = series.map((s, i) => {
    const intervals: SeriesEvaluation['intervals'] = {};
    if (calibrated && forecasts[i].every(Number.isFinite)) {
      const scale = robustScale(s, m);
      const nonNegative = isNonNegative(s);
      for (const level of levels) {
        const { lo, hi } = intervalFor(forecasts[i], calibration.quantiles[String(level)], scale);
        // The range rule (core/non-negative) holds for the bounds as for the forecast.
        intervals[String(level)] = nonNegative ? { lo: Array.from(floorAtZero(lo)), hi: Array.from(floorAtZero(hi)) } : { lo, hi };
      }
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
    coverage: crossValidatedCoverage(scored.records, levels, windows, h),
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
  const scoresByStep: number[][] = Array.from({ length: h }, () => []);
  const records: ScoreRecord[] = [];
  // Per series and step: sums over windows of each metric's term, to average per series, then over series.
  const stepTerms = Object.fromEntries(METRIC_NAMES.map((n) => [n, []])) as unknown as Record<MetricName, (number | null)[][]>;
  const windowMetricsOut = series.map((s, i) => {
    const cuts = cutoffs[i];
    if (!cuts) return [];
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
        if (Number.isFinite(sc)) {
          scoresByStep[k].push(sc);
          records.push({ series: i, window: w, step: k, score: sc });
        }
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
