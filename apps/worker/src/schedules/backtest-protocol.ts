import { metricsSchema } from '@foretell/contracts';
import type { Run, RunModel } from '@foretell/db';

/** What makes two backtest errors comparable: the same horizon, windows, step, season and target series. */
export interface Backtest {
  horizon: number;
  windows: number;
  step: number;
  season: number;
  covariates: unknown;
}

export type RankedModel = Pick<RunModel, 'id' | 'kind' | 'params' | 'rank' | 'metrics'>;

export function backtestOf(run: Pick<Run, 'horizon' | 'windows' | 'step' | 'season' | 'covariates'>): Backtest {
  return { horizon: run.horizon, windows: run.windows, step: run.step, season: run.season, covariates: run.covariates ?? null };
}

/** How two backtests differ ("windows 2 → 1, step 12 → 6"), or null when their errors are comparable. */
export function backtestDifference(before: Backtest, now: Backtest): string | null {
  const changes = (['horizon', 'windows', 'step', 'season'] as const)
    .filter((key) => before[key] !== now[key])
    .map((key) => `${key} ${before[key]} → ${now[key]}`);
  if (stableJson(before.covariates) !== stableJson(now.covariates)) changes.push('covariates changed');
  return changes.length ? changes.join(', ') : null;
}

/** The same model: kind and parameters (in any key order). */
export const sameModel = (a: { kind: string; params: unknown }, b: { kind: string; params: unknown }) =>
  a.kind === b.kind && stableJson(a.params) === stableJson(b.params);

/** A model's backtest MASE, or null when it has none. */
export function maseOf(model: Pick<RankedModel, 'metrics'> | null | undefined): number | null {
  if (!model?.metrics) return null;
  const value = metricsSchema.parse(model.metrics).mase;
  return value == null || Number.isNaN(value) ? null : value;
}

/** A MASE as messages print it: four significant digits, "none" without one. */
export const maseFigure = (value: number | null): string => (value === null ? 'none' : value.toPrecision(4));

/** JSON with sorted keys, so {a, b} and {b, a} compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
