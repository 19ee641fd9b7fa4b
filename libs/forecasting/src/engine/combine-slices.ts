import { WORSE_THAN_SEASONAL_NAIVE, type Metrics, type ModelKind } from '@foretell/contracts';
import { isFixedRange, type BacktestPlan } from '../evaluation/cross-validation';
import { meanMetrics } from '../evaluation/scoring';
import { combineScored, type ModelEvaluation, type ScoredSlice } from './summarize';

/** One slice of series evaluated, without its final fit (`evaluateSlice`): what `combineSlices` needs of it. */
export interface EvaluatedSlice {
  scored: ScoredSlice;
  /** Series with no known value (no forecast). */
  unusable: number;
  /** Series too short to backtest. */
  short: number;
  /** The first of them by name (`namedSeries`), for the warning to say which. */
  shortNames?: string[];
  /** The model cannot forecast without refitting, so it was refitted at every origin. */
  refitForced: boolean;
  /** Series whose final forecast the range rule raised to 0 somewhere (core/non-negative). */
  floored: number;
  /** The first of them by name (`namedSeries`). */
  flooredNames?: string[];
  /** Seasonal naive's metrics per series of the slice (the floor the model is compared to); null when not measured. */
  baseline: (Metrics | null)[] | null;
  fitSeconds: number;
  predictSeconds: number;
  backend: string;
}

/** What the combination needs to know of the evaluation's settings (for its messages and intervals). */
export interface SliceSettings {
  horizon: number;
  season: number;
  backtest: BacktestPlan;
  model: { kind: ModelKind };
  levels?: readonly number[];
}

export const DEFAULT_LEVELS = [80, 95];

/**
 * Joins evaluated slices (in series order) into the evaluation of all their series: the same metrics, per-step
 * means, intervals, coverage and warnings as evaluating them at once; fit and predict seconds add up.
 */
export function combineSlices(slices: readonly EvaluatedSlice[], settings: SliceSettings): ModelEvaluation {
  const { horizon: h, season: m, backtest: plan, model } = settings;
  const summary = combineScored(
    slices.map((s) => s.scored),
    h,
    settings.levels ?? DEFAULT_LEVELS,
  );
  const warnings: string[] = [];
  if (slices.some((s) => s.refitForced)) warnings.push(`model "${model.kind}" cannot forecast without refitting; it was refitted at every origin`);
  const unusable = slices.reduce((sum, s) => sum + s.unusable, 0);
  if (unusable > 0) warnings.push(`${unusable} series have no known value and get no forecast`);
  const short = slices.reduce((sum, s) => sum + s.short, 0);
  if (short > 0) {
    const minTrain = Math.max(2, m + 1);
    const need = isFixedRange(plan)
      ? `the test range needs ${minTrain} training points before it and room for one full horizon`
      : `each needs ${minTrain + h + plan.step * (plan.windows - 1)} points for ${plan.windows} window(s) of ${h} ` +
        `plus ${minTrain} training points; use fewer windows, a smaller step or a shorter horizon`;
    const names = seriesList(short, slices.flatMap((s) => s.shortNames ?? []));
    warnings.push(`${short} series ${short === 1 ? 'is' : 'are'} too short to backtest${names}: ${need}`);
  }
  const floored = slices.reduce((sum, s) => sum + s.floored, 0);
  if (floored > 0) warnings.push(flooredWarning(floored, seriesList(floored, slices.flatMap((s) => s.flooredNames ?? []))));
  return {
    ...summary,
    fitSeconds: slices.reduce((sum, s) => sum + s.fitSeconds, 0),
    predictSeconds: slices.reduce((sum, s) => sum + s.predictSeconds, 0),
    backend: slices[0]?.backend ?? 'cpu-js',
    warnings: [...warnings, ...summary.warnings, ...baselineWarning(slices, model.kind, summary.metrics.mase)],
  };
}

/** Series a warning names: the first few, so the user can find them; the rest are counted. */
export const NAMED_SERIES = 3;

/** ` ("a", "b", "c" and 4 more)` for `count` series whose first names are `names` (in series order); empty without names. */
function seriesList(count: number, names: readonly string[]): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, NAMED_SERIES);
  return ` (${shown.join(', ')}${count > shown.length ? ` and ${count - shown.length} more` : ''})`;
}

/** The range rule, stated where it changed a forecast (the leaderboard shows a model's warnings on its row). */
function flooredWarning(count: number, names: string): string {
  return `forecasts below 0 raised to 0 on ${count} series${names} whose history has no negative value (the engine's rule for every model)`;
}

/**
 * A model that does worse than seasonal naive on the backtest says so on its row, never silently: seasonal naive
 * (on the same series, origins and candidate periods) is the floor a user can always pick instead.
 */
function baselineWarning(slices: readonly EvaluatedSlice[], kind: ModelKind, mase: number | null): string[] {
  if (kind === 'seasonal_naive' || mase === null) return [];
  const floor = meanMetrics(slices.flatMap((s) => s.baseline ?? []))?.mase ?? null;
  if (floor === null || !(mase > floor)) return [];
  return [
    `${WORSE_THAN_SEASONAL_NAIVE} (MASE ${mase.toPrecision(4)} vs ${floor.toPrecision(4)}): ` +
      'seasonal naive is the safer choice for these series',
  ];
}
