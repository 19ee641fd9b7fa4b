'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { formatInteger, formatMetric, formatMoment } from '../../../lib/format';
import { useResource } from '../../../lib/use-resource';
import { EChart } from '../../charts/components/echart';
import { accuracyHistoryOption } from '../../charts/tracking-options';
import { listModels } from '../../models/api/models.api';
import { modelLabel } from '../../runs/api/model-label';
import { listRuns } from '../../runs/api/runs.api';
import { DataTable, type Column } from '../../ui/components/data-table';
import { LabelledSelect } from '../../ui/components/labelled-input';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { accuracyHistory, comparableHistory, describeDecision, type RunPoint } from '../api/accuracy-history';

const HISTORY_COLUMNS: Column<RunPoint>[] = [
  {
    key: 'finished',
    header: 'Finished',
    cell: (p) => (
      <Link href={`/runs/${p.runId}`}>
        <time dateTime={p.at}>{formatMoment(p.at)}</time>
      </Link>
    ),
  },
  { key: 'trigger', header: 'Trigger', cell: (p) => (p.trigger === 'schedule' ? 'Schedule' : 'Manual') },
  { key: 'version', header: 'Data version', numeric: true, cell: (p) => formatInteger(p.datasetVersion) },
  { key: 'backtest', header: 'Backtest', className: 'small', cell: (p) => p.backtest },
  { key: 'champion', header: 'Best of the run', cell: (p) => (p.champion ? modelLabel(p.champion) : '—') },
  { key: 'mase', header: 'MASE', numeric: true, sortValue: (p) => p.championMase, cell: (p) => formatMetric(p.championMase) },
  {
    key: 'flags',
    header: 'Flags',
    cell: (p) => (
      <>
        {p.championChanged && <span className="badge">Champion changed</span>}{' '}
        {p.drifted && (
          <span className="badge badge-failed" title="The previous champion's MASE grew past the schedule's threshold">
            Drift{p.change !== null ? ` +${Math.round(p.change * 100)}%` : ''}
          </span>
        )}
      </>
    ),
  },
  {
    key: 'decision',
    header: 'Champion decision',
    className: 'small',
    cell: (p) => <span data-champion-decision={p.decision?.decision}>{p.decision ? describeDecision(p.decision) : '—'}</span>,
  },
];

/** Runs over time on one dataset (retraining history, champion changes, drift) and its champion model. */
export function DatasetTracking({ datasetId }: { datasetId: string }) {
  const runs = useResource(`tracking-runs:${datasetId}`, (signal) => listRuns(datasetId, signal));
  const history = useMemo(() => (runs.data ? accuracyHistory(runs.data) : null), [runs.data]);
  // Errors of different backtests do not compare: the chart draws one backtest's runs (the latest run's unless chosen).
  const [chosen, setChosen] = useState<string | null>(null);
  const backtest = history && (chosen && history.backtests.includes(chosen) ? chosen : history.backtests[0]);
  const charted = useMemo(() => (history && backtest ? comparableHistory(history.points, backtest) : null), [history, backtest]);
  const option = useMemo(
    () => (charted && charted.points.length ? accuracyHistoryOption(charted.kinds, charted.points, modelLabel) : null),
    [charted],
  );
  return (
    <section className="card" aria-labelledby="tracking-title">
      <div className="card-header">
        <h2 id="tracking-title">Runs over time</h2>
        <button type="button" className="btn btn-small" onClick={runs.reload}>
          Refresh
        </button>
      </div>
      <Champion datasetId={datasetId} />
      {runs.error && <ErrorState error={runs.error} onRetry={runs.reload} />}
      {!runs.data && !runs.error && <Loading>Loading runs…</Loading>}
      {history && history.points.length === 0 && (
        <Empty>
          No completed run yet. Accuracy per model appears here after each run, manual or{' '}
          <Link href="/schedules">scheduled</Link>.
        </Empty>
      )}
      {option && history && charted && backtest && (
        <>
          {history.backtests.length > 1 && (
            <div className="form-row" data-backtest-choice>
              <LabelledSelect
                id="tracking-backtest"
                label="Backtest charted"
                value={backtest}
                onChange={setChosen}
                options={history.backtests.map((b) => [b, b] as const)}
              />
              <p className="muted small">
                Runs with different backtests have errors that do not compare: the chart draws {formatInteger(charted.points.length)} of{' '}
                {formatInteger(history.points.length)} runs, those with this backtest; the table lists them all.
              </p>
            </div>
          )}
          <EChart option={option} name="accuracy-history" label="Backtest MASE per model for each completed run over time" height={300} />
          <DataTable
            name="run-history"
            caption="Completed runs, latest first"
            columns={HISTORY_COLUMNS}
            rows={[...history.points].reverse()}
            rowKey={(p) => p.runId}
            rowProps={(p) => ({ 'data-run': p.runId, 'data-drifted': p.drifted || undefined })}
          />
        </>
      )}
    </section>
  );
}

function Champion({ datasetId }: { datasetId: string }) {
  const champion = useResource(`champion:${datasetId}`, (signal) => listModels({ datasetId, champion: true }, signal));
  if (champion.error) return <ErrorState error={champion.error} onRetry={champion.reload} />;
  if (!champion.data) return <Loading>Loading the champion…</Loading>;
  const m = champion.data[0];
  if (!m) return <p className="muted">No champion yet: the best model of the latest completed run becomes it.</p>;
  return (
    <div className="alert alert-success champion" data-champion={m.kind}>
      <span>
        Champion: <strong>{modelLabel(m.kind)}</strong> · MASE {formatMetric(m.metrics.mase)} · sMAPE {formatMetric(m.metrics.smape)} ·
        trained on version {m.datasetVersion}, <time dateTime={m.createdAt}>{formatMoment(m.createdAt)}</time>
      </span>
      <Link href={`/models?datasetId=${encodeURIComponent(datasetId)}`} className="btn btn-small">
        Open in models
      </Link>
    </div>
  );
}
