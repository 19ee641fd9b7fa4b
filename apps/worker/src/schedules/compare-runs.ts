import { metricsSchema, type RunComparison } from '@foretell/contracts';
import type { RunModel } from '@foretell/db';

type RankedModel = Pick<RunModel, 'id' | 'kind' | 'params' | 'rank' | 'metrics'>;

/**
 * Compares a run with the previous one of its schedule. The champion is the best model by backtest error (rank 1):
 * kept when the same kind and parameters win again, replaced otherwise. Drift is the previous champion's backtest
 * MASE growing by more than `threshold` (relative) on the new data — the model the analyst relies on got worse.
 */
export function compareRuns(
  current: readonly RankedModel[],
  previous: { runId: string; models: readonly RankedModel[] } | null,
  threshold: number,
): RunComparison | null {
  const champion = current.find((m) => m.rank === 1);
  if (!champion) return null;
  const before = previous?.models.find((m) => m.rank === 1) ?? null;
  const sameModel = (a: RankedModel, b: RankedModel) => a.kind === b.kind && stableJson(a.params) === stableJson(b.params);
  const now = before ? current.find((m) => sameModel(m, before)) : undefined;
  const maseThen = mase(before);
  const maseNow = mase(now ?? null);
  const change = maseThen !== null && maseNow !== null && maseThen > 0 ? (maseNow - maseThen) / maseThen : null;
  return {
    previousRunId: previous?.runId ?? null,
    champion: { runModelId: champion.id, kind: champion.kind, mase: mase(champion) },
    previousChampion: before ? { kind: before.kind, mase: maseThen, maseNow } : null,
    change,
    threshold,
    drifted: change !== null && change > threshold,
    championChanged: before !== null && !sameModel(before, champion),
  };
}

function mase(model: RankedModel | null): number | null {
  if (!model?.metrics) return null;
  const value = metricsSchema.parse(model.metrics).mase;
  return value == null || Number.isNaN(value) ? null : value;
}

/** JSON with sorted keys, so {a, b} and {b, a} compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
