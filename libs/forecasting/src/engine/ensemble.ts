import type { MetricName } from '@foretell/contracts';
import { rankBy } from '../evaluation/ranking';
import { checkLevel } from '../evaluation/conformal';
import { summarize, type ModelEvaluation } from './summarize';

export interface EnsembleMember {
  name: string;
  evaluation: ModelEvaluation;
}

export interface EnsembleInput {
  /** The series the members were evaluated on, in the same order. */
  series: readonly Float64Array[];
  horizon: number;
  season: number;
  members: readonly EnsembleMember[];
  combine: 'mean' | 'median';
  /** Combine the k members with the lowest backtest error; default all that have one. */
  topK?: number;
  /** The backtest error that picks the members; default MASE (scale-free, so series weigh alike). */
  rankBy?: MetricName;
  levels?: number[];
}

export interface EnsembleEvaluation extends ModelEvaluation {
  /** Names of the combined members, best first. */
  members: string[];
}

/**
 * Combines members' backtest and final forecasts point by point (mean or median), then scores and calibrates the
 * combination exactly like a single model. Members must come from the same backtest plan on the same series.
 * Picking members by the backtest and scoring the combination on that same backtest flatters it slightly; compare
 * on a held-out range when that matters.
 */
export function evaluateEnsemble(input: EnsembleInput): EnsembleEvaluation {
  const { series, horizon: h, season, members } = input;
  const levels = input.levels ?? [80, 95];
  levels.forEach(checkLevel);
  const metric = input.rankBy ?? 'mase';
  const ranks = rankBy(
    members.map((m) => ({ metrics: m.evaluation.metrics })),
    metric,
  );
  const ranked = members
    .map((m, i) => ({ m, rank: ranks[i] }))
    .filter((e): e is { m: EnsembleMember; rank: number } => e.rank !== null)
    .sort((a, b) => a.rank - b.rank)
    .map((e) => e.m);
  const k = input.topK ?? ranked.length;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`ensemble size must be a positive integer, got ${k}`);
  const chosen = ranked.slice(0, k);
  if (chosen.length === 0) throw new RangeError(`no ensemble member has a backtest ${metric} to rank by`);
  checkAligned(chosen, series.length);

  const combine = input.combine === 'median' ? median : mean;
  const cutoffs = series.map((_, i) => {
    const c = chosen[0].evaluation.perSeries[i].backtest.cutoffs;
    return c.length > 0 ? c : null;
  });
  const yhat = series.map((_, i) =>
    (cutoffs[i] ?? []).map((_, w) =>
      Array.from({ length: h }, (_, k) => combine(chosen.map((m) => m.evaluation.perSeries[i].backtest.yhat[w][k]))),
    ),
  );
  const forecasts = series.map((_, i) =>
    Float64Array.from({ length: h }, (_, k) => combine(chosen.map((m) => m.evaluation.perSeries[i].forecast[k]))),
  );
  const summary = summarize({ series, cutoffs, yhat, forecasts, horizon: h, season, levels });
  return {
    ...summary,
    members: chosen.map((m) => m.name),
    fitSeconds: chosen.reduce((s, m) => s + m.evaluation.fitSeconds, 0),
    predictSeconds: chosen.reduce((s, m) => s + m.evaluation.predictSeconds, 0),
    backend: [...new Set(chosen.map((m) => m.evaluation.backend))].join('+'),
  };
}

function checkAligned(members: readonly EnsembleMember[], seriesCount: number): void {
  const reference = members[0];
  for (const m of members) {
    if (m.evaluation.perSeries.length !== seriesCount) {
      throw new RangeError(`ensemble member "${m.name}" was evaluated on ${m.evaluation.perSeries.length} series, not ${seriesCount}`);
    }
    m.evaluation.perSeries.forEach((p, i) => {
      const a = p.backtest.cutoffs;
      const b = reference.evaluation.perSeries[i].backtest.cutoffs;
      if (a.length !== b.length || a.some((c, w) => c !== b[w])) {
        throw new RangeError(`ensemble members "${reference.name}" and "${m.name}" were backtested at different origins`);
      }
    });
  }
}

/** Mean of the finite values (a member that could not forecast a point is left out); NaN if none. */
function mean(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}

function median(values: number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = finite.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? finite[(n - 1) / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
}
