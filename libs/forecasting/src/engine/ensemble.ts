import type { MetricName, Metrics } from '@foretell/contracts';
import { checkLevel } from '../evaluation/conformal';
import { summarize, type ModelEvaluation } from './summarize';

/** What an ensemble needs of a member: per series, its backtest (origins, forecasts, per-window metrics) and final forecast. */
export interface MemberEvaluation {
  perSeries: readonly {
    backtest: { cutoffs: readonly number[]; yhat: readonly (readonly number[])[]; metrics: readonly (Metrics | null)[] };
    forecast: ArrayLike<number>;
  }[];
  fitSeconds?: number;
  predictSeconds?: number;
  backend?: string;
}

export interface EnsembleMember {
  name: string;
  evaluation: MemberEvaluation;
}

export type EnsembleCombine = 'mean' | 'median';

export interface EnsembleInput {
  /** The series the members were evaluated on, in the same order. */
  series: readonly Float64Array[];
  horizon: number;
  season: number;
  members: readonly EnsembleMember[];
  combine: EnsembleCombine;
  /** Combine the k members with the lowest backtest error; default all that have one. */
  topK?: number;
  /** The backtest error that picks the members; default MASE (scale-free, so series weigh alike). */
  rankBy?: MetricName;
  levels?: number[];
}

/**
 * How the members combined at each backtest window were chosen, so that the ensemble's score never rests on the
 * errors it is scored on: `nested-windows` (on the windows whose test points do not overlap the scored one),
 * `nested-series` (on the other series, when no window is disjoint from another) or `in-sample` (one series, one
 * window: chosen on what it is scored on, which flatters it).
 */
export type EnsembleSelection = 'nested-windows' | 'nested-series' | 'in-sample';

export interface EnsembleEvaluation extends ModelEvaluation {
  /** Names of the members of the final forecast (the top k on the whole backtest), best first. */
  members: string[];
  selection: EnsembleSelection;
}

/**
 * Combines the best k members point by point (mean or median), then scores and calibrates the combination exactly
 * like a single model (conformal intervals from its own backtest errors). The final forecast combines the top k on
 * the whole backtest; each backtest window combines the top k chosen without that window (see EnsembleSelection), so
 * its score is an honest estimate of choosing by backtest. Members must come from the same backtest plan.
 */
export function evaluateEnsemble(input: EnsembleInput): EnsembleEvaluation {
  const { series, horizon: h, season, members } = input;
  const levels = input.levels ?? [80, 95];
  levels.forEach(checkLevel);
  const metric = input.rankBy ?? 'mase';
  const k = input.topK ?? members.length;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`ensemble size must be a positive integer, got ${k}`);
  if (members.length === 0) throw new RangeError('an ensemble needs members');
  checkAligned(members, series.length);

  const errors = new WindowErrors(members, metric);
  const final = errors.top(k, () => true);
  if (final.length === 0) throw new RangeError(`no ensemble member has a backtest ${metric} to rank by`);
  const selection = errors.selection(h);
  const chooserFor = (i: number, w: number): number[] => {
    if (selection === 'in-sample') return final;
    if (selection === 'nested-series') return errors.top(k, (j) => j !== i);
    return errors.topForWindow(k, w - (cutoffs[i]?.length ?? 0), h);
  };

  const combine = input.combine === 'median' ? median : mean;
  const reference = members[0].evaluation.perSeries;
  const cutoffs = series.map((_, i) => (reference[i].backtest.cutoffs.length > 0 ? [...reference[i].backtest.cutoffs] : null));
  const cache = new Map<string, number[]>();
  const yhat = series.map((_, i) =>
    (cutoffs[i] ?? []).map((_, w) => {
      const key = selection === 'nested-series' ? `s${i}` : `w${w - (cutoffs[i]?.length ?? 0)}`;
      const chosen = cache.get(key) ?? chooserFor(i, w);
      cache.set(key, chosen);
      return Array.from({ length: h }, (_, t) => combine(chosen.map((m) => at(members[m].evaluation.perSeries[i].backtest.yhat[w], t))));
    }),
  );
  const forecasts = series.map((_, i) =>
    Float64Array.from({ length: h }, (_, t) => combine(final.map((m) => at(members[m].evaluation.perSeries[i].forecast, t)))),
  );
  const summary = summarize({ series, cutoffs, yhat, forecasts, horizon: h, season, levels });
  const chosen = final.map((m) => members[m]);
  if (selection === 'in-sample') {
    summary.warnings.push('members chosen on the backtest the ensemble is scored on (one series, overlapping windows): its score is optimistic');
  }
  return {
    ...summary,
    members: chosen.map((m) => m.name),
    selection,
    fitSeconds: chosen.reduce((s, m) => s + (m.evaluation.fitSeconds ?? 0), 0),
    predictSeconds: chosen.reduce((s, m) => s + (m.evaluation.predictSeconds ?? 0), 0),
    backend: [...new Set(chosen.map((m) => m.evaluation.backend ?? 'stored'))].join('+'),
  };
}

/** Combines members' forecasts point by point: the one combination for backtests, final and saved-model forecasts. */
export function combineForecasts(forecasts: readonly ArrayLike<number>[], combine: EnsembleCombine): Float64Array {
  const h = Math.min(...forecasts.map((f) => f.length));
  const fn = combine === 'median' ? median : mean;
  return Float64Array.from({ length: forecasts.length === 0 ? 0 : h }, (_, t) => fn(forecasts.map((f) => at(f, t))));
}

/** Stored forecasts may hold null where a member had NaN (JSON); both are left out of a combination. */
function at(values: ArrayLike<number | null> | undefined, t: number): number {
  const v = values?.[t];
  return typeof v === 'number' ? v : NaN;
}

/** Members' backtest errors per series and window (windows counted from the end, where every series' backtest ends). */
class WindowErrors {
  private readonly windowsOf: number[];

  constructor(
    private readonly members: readonly EnsembleMember[],
    private readonly metric: MetricName,
  ) {
    this.windowsOf = members[0].evaluation.perSeries.map((p) => p.backtest.cutoffs.length);
  }

  /** The k best members (indices, best first) by the mean over series of their mean error on the windows kept. */
  top(k: number, keepSeries: (i: number) => boolean, keepWindow: (i: number, w: number) => boolean = () => true): number[] {
    const scores = this.members.map((m) => {
      let sum = 0;
      let count = 0;
      m.evaluation.perSeries.forEach((p, i) => {
        if (!keepSeries(i)) return;
        let s = 0;
        let n = 0;
        p.backtest.metrics.forEach((metrics, w) => {
          const v = metrics?.[this.metric];
          if (keepWindow(i, w) && typeof v === 'number' && Number.isFinite(v)) {
            s += v;
            n++;
          }
        });
        if (n > 0) {
          sum += s / n;
          count++;
        }
      });
      return count > 0 ? sum / count : null;
    });
    return scores
      .map((score, index) => ({ score, index }))
      .filter((e): e is { score: number; index: number } => e.score !== null)
      .sort((a, b) => a.score - b.score || a.index - b.index)
      .slice(0, k)
      .map((e) => e.index);
  }

  /** The k best chosen on the windows whose h test points do not overlap the one `fromEnd` (-1: the last) of each series. */
  topForWindow(k: number, fromEnd: number, h: number): number[] {
    const cutoffs = this.members[0].evaluation.perSeries.map((p) => p.backtest.cutoffs);
    return this.top(k, () => true, (i, v) => this.disjoint(cutoffs[i], this.windowsOf[i] + fromEnd, v, h));
  }

  /** Nested by window when every window has a disjoint one to choose on; else by series; else in-sample. */
  selection(h: number): EnsembleSelection {
    const cutoffs = this.members[0].evaluation.perSeries.map((p) => p.backtest.cutoffs);
    const most = this.windowsOf.reduce((a, b) => Math.max(a, b), 0);
    const everyWindowHasOther =
      most > 0 &&
      cutoffs.every((c, i) => c.every((_, w) => c.some((_, v) => this.disjoint(cutoffs[i], w, v, h))));
    if (everyWindowHasOther) return 'nested-windows';
    return this.windowsOf.filter((n) => n > 0).length >= 2 ? 'nested-series' : 'in-sample';
  }

  private disjoint(cutoffs: readonly number[], w: number, v: number, h: number): boolean {
    if (v === w) return false;
    if (w < 0 || w >= cutoffs.length) return true;
    return Math.abs(cutoffs[w] - cutoffs[v]) >= h;
  }
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
