'use client';

import Link from 'next/link';
import type { TrainedModel } from '@foretell/contracts';
import { formatMetric, formatMoment } from '../../../lib/format';
import { useResource } from '../../../lib/use-resource';
import { modelLabel } from '../../runs/api/model-label';
import { listRuns } from '../../runs/api/runs.api';
import { ErrorState, Loading } from '../../ui/components/states';
import { championHistory, type Decided } from '../api/champion-history';

/** Later runs that kept the champion, shown under the decision that crowned it. */
const KEPT_SHOWN = 5;

/**
 * Why a dataset's champion is what it is: the decision of the run that crowned it (compared with what, on which
 * figures) and the later runs that did not replace it, each with its reason — champions change only on comparable
 * evaluations (same backtest, same or re-evaluated data).
 */
export function ChampionWhy({ datasetId, champion }: { datasetId: string; champion: TrainedModel }) {
  const runs = useResource(`champion-runs:${datasetId}`, (signal) => listRuns(datasetId, signal));
  const { crowning, kept } = championHistory(runs.data ?? [], champion.id);

  return (
    <section className="card" aria-labelledby="champion-why-title" data-champion-why={champion.id}>
      <h2 id="champion-why-title">Why {modelLabel(champion.kind)} is the champion</h2>
      {runs.error && <ErrorState error={runs.error} onRetry={runs.reload} />}
      {!runs.data && !runs.error && <Loading>Loading the decisions…</Loading>}
      {runs.data && !crowning && <p className="muted">The run that made it champion is no longer listed.</p>}
      {crowning && <Decision run={crowning} crowned />}
      {kept.length > 0 && (
        <>
          <h3>Runs since that kept it</h3>
          {kept.slice(0, KEPT_SHOWN).map((r) => (
            <Decision key={r.id} run={r} />
          ))}
        </>
      )}
      <p className="small">
        <Link href={`/datasets/${datasetId}/accuracy`}>How its forecasts did on the actuals since</Link>
      </p>
    </section>
  );
}

function Decision({ run, crowned = false }: { run: Decided; crowned?: boolean }) {
  const { decision, comparable, reason, candidate, previous, previousMaseInRun } = run.championDecision;
  return (
    <div className="alert alert-info small" data-champion-decision={decision}>
      <p>
        <Link href={`/runs/${run.id}`}>
          Run of <time dateTime={run.createdAt}>{formatMoment(run.createdAt)}</time>
        </Link>{' '}
        (data version {run.datasetVersion}, horizon {run.horizon}, {run.backtest.windows} window(s) of step {run.backtest.step}):{' '}
        <strong>{crowned ? (decision === 'first' ? 'first champion' : 'replaced the champion') : 'kept the champion'}</strong>
        {comparable ? '' : ' (not comparable)'}: {reason}.
      </p>
      <dl className="inline-figures">
        {candidate && (
          <>
            <dt>{crowned ? 'Champion' : 'Best of that run'}</dt>
            <dd>
              {modelLabel(candidate.kind)}, backtest MASE {formatMetric(candidate.mase)} (data version {candidate.datasetVersion})
            </dd>
          </>
        )}
        {previous && (
          <>
            <dt>{crowned ? 'Replaced' : 'Champion then'}</dt>
            <dd>
              {modelLabel(previous.kind)}, backtest MASE {formatMetric(previous.mase)} (data version {previous.datasetVersion})
              {previousMaseInRun !== null && `; re-evaluated in this run: ${formatMetric(previousMaseInRun)}`}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
