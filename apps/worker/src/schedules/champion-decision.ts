import { crowned, type ChampionDecision } from '@foretell/contracts';
import { backtestDifference, maseFigure, maseOf, sameModel, type Backtest, type RankedModel } from './backtest-protocol';

/** A saved model with what its backtest error means: the run's backtest and the data it saw. */
export interface ChampionEntry {
  trainedModelId: string;
  runId: string;
  kind: string;
  params: unknown;
  mase: number | null;
  datasetVersion: number;
  datasetHash: string;
  backtest: Backtest;
  /** Its warning when it did worse than seasonal naive on the backtest (WORSE_THAN_SEASONAL_NAIVE), else null. */
  baselineWarning: string | null;
}

/**
 * Whether a run's best model (`candidate`) replaces the dataset's champion. Errors are compared only like with like:
 * the same backtest (horizon, windows, step, season, covariates), and either the same data, or — on newer data — the
 * champion's own model evaluated in the same run (its error on the new data, beside the candidate's). Anything else
 * keeps the champion and says why. A candidate that would be crowned but did worse than seasonal naive on its backtest
 * is declined: never crowned. A run with no ranked model (`candidate` null) keeps the champion. `runModels` are the
 * candidate's run's models.
 */
export function decideChampion(champion: ChampionEntry | null, candidate: ChampionEntry | null, runModels: readonly RankedModel[]): ChampionDecision {
  if (!candidate) {
    const reason = 'no model of this run was scored on its backtest (its rows say why), so none can be crowned';
    return { decision: 'kept', comparable: false, reason, candidate: null, previous: champion && figures(champion), previousMaseInRun: null };
  }
  const decision = (verdict: ChampionDecision['decision'], comparable: boolean, reason: string, previousMaseInRun: number | null = null) => ({
    decision: verdict,
    comparable,
    reason,
    candidate: figures(candidate),
    previous: champion && figures(champion),
    previousMaseInRun,
  });
  const verdict = compare(champion, candidate, runModels, decision);
  if (!crowned(verdict.decision) || !candidate.baselineWarning) return verdict;
  // Seasonal naive is the floor a user can always have: a model below it never forecasts for the dataset.
  const below = candidate.baselineWarning.replace(/:.*$/, '');
  return decision('declined', true, `${candidate.kind} ranks first but is ${below}, so it is not crowned: add seasonal_naive to the run (the recommended preset has it)`);
}

function figures(entry: ChampionEntry) {
  return { trainedModelId: entry.trainedModelId, runId: entry.runId, kind: entry.kind, mase: entry.mase, datasetVersion: entry.datasetVersion };
}

type Decide = (verdict: ChampionDecision['decision'], comparable: boolean, reason: string, previousMaseInRun?: number | null) => ChampionDecision;

/** The decision on errors alone: like with like, or the champion stays. */
function compare(champion: ChampionEntry | null, candidate: ChampionEntry, runModels: readonly RankedModel[], decision: Decide): ChampionDecision {
  if (!champion) return decision('first', true, 'the dataset had no champion');

  const difference = backtestDifference(champion.backtest, candidate.backtest);
  if (difference) return decision('kept', false, `the backtest differs from the champion's (${difference}), so their errors are not comparable`);
  if (candidate.datasetVersion < champion.datasetVersion) {
    return decision('kept', false, `this run trained on older data (version ${candidate.datasetVersion}) than the champion (version ${champion.datasetVersion})`);
  }
  const sameData = candidate.datasetVersion === champion.datasetVersion && candidate.datasetHash === champion.datasetHash;

  const rematch = maseOf(runModels.find((m) => sameModel(m, champion)));
  if (rematch !== null) {
    if (sameModel(candidate, champion)) {
      return sameData
        ? decision('kept', true, `the champion's model ranks first again on the same data`, rematch)
        : decision('replaced', true, `the champion's model, retrained on newer data (version ${candidate.datasetVersion}), ranks first again`, rematch);
    }
    return decision('replaced', true, `${candidate.kind} (MASE ${maseFigure(candidate.mase)}) beat the champion's model ${champion.kind} (MASE ${maseFigure(rematch)}) in this run's backtest`, rematch);
  }
  if (!sameData) {
    return decision(
      'kept',
      false,
      `this run did not evaluate the champion's model ${champion.kind} on the newer data (version ${candidate.datasetVersion}), so their errors are not comparable`,
    );
  }
  if (candidate.mase !== null && (champion.mase === null || candidate.mase < champion.mase)) {
    return decision('replaced', true, `${candidate.kind} (MASE ${maseFigure(candidate.mase)}) beat the champion ${champion.kind} (MASE ${maseFigure(champion.mase)}) on the same backtest and data`);
  }
  return decision('kept', true, `${candidate.kind} (MASE ${maseFigure(candidate.mase)}) is not better than the champion ${champion.kind} (MASE ${maseFigure(champion.mase)}) on the same backtest and data`);
}
