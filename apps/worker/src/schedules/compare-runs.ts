import { crowned, type ChampionDecision, type RunComparison } from '@foretell/contracts';
import { backtestDifference, maseOf, sameModel, type Backtest, type RankedModel } from './backtest-protocol';

/**
 * Compares a run with the previous one of its schedule. `champion` is this run's best model by backtest error (rank
 * 1); whether the dataset's champion changed is what the run's recorded decision says (`decision`, champion-decision.ts),
 * never judged again here, so the two cannot disagree (a best model like the previous run's may still replace a
 * champion from another run). Drift is the previous champion's backtest MASE growing by more
 * than `threshold` (relative) on the new data — the model the analyst relies on got worse. Errors of different
 * backtests (horizon, windows, step, season, covariates) are not compared: no drift is claimed, and `reason` says why.
 */
export function compareRuns(
  current: readonly RankedModel[],
  previous: { runId: string; backtest: Backtest; models: readonly RankedModel[] } | null,
  threshold: number,
  backtest: Backtest,
  decision: ChampionDecision['decision'] | null,
): RunComparison | null {
  const champion = current.find((m) => m.rank === 1);
  if (!champion) return null;
  const before = previous?.models.find((m) => m.rank === 1) ?? null;
  const now = before ? current.find((m) => sameModel(m, before)) : undefined;
  const difference = previous ? backtestDifference(previous.backtest, backtest) : null;
  const maseThen = maseOf(before);
  const maseNow = maseOf(now);
  const change = !difference && maseThen !== null && maseNow !== null && maseThen > 0 ? (maseNow - maseThen) / maseThen : null;
  return {
    previousRunId: previous?.runId ?? null,
    champion: { runModelId: champion.id, kind: champion.kind, mase: maseOf(champion) },
    previousChampion: before ? { kind: before.kind, mase: maseThen, maseNow } : null,
    change,
    threshold,
    drifted: change !== null && change > threshold,
    championChanged: decision !== null && crowned(decision),
    comparable: !difference,
    reason: difference && `the backtest changed (${difference}): errors of different backtests are not compared`,
  };
}
