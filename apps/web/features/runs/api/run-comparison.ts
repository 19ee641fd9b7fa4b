import type { RunComparison } from '@foretell/contracts';
import { formatMetric } from '../../../lib/format';
import { modelLabel } from './model-label';

/**
 * A scheduled run against the schedule's previous run: the two runs' best models and the backtest change (drift).
 * Whether the dataset's champion changed is left to the run's recorded decision (the champion note): the best model of
 * the previous run need not be the champion, and saying "kept from the previous run" here contradicted a decision that
 * crowned the same kind over a champion from another run.
 */
export function comparisonSummary({ champion, previousChampion, change, drifted, comparable, reason }: RunComparison): string {
  let text = `Best model: ${modelLabel(champion.kind)} (MASE ${formatMetric(champion.mase)})`;
  if (previousChampion) {
    text += previousChampion.kind === champion.kind ? ', as in the previous run' : `; the previous run's best was ${modelLabel(previousChampion.kind)}`;
    if (change !== null) text += `, whose MASE changed ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}% on this run's data`;
  }
  text += drifted ? ' — drift: the error grew beyond the threshold.' : '.';
  if (!comparable) text += ` No drift is judged: ${reason}.`;
  return text;
}
