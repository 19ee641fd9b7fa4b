'use client';

import type { ReactNode } from 'react';
import { phaseLabel, type LeaderboardEntry, type MetricName, type ProgressDetail } from '@foretell/contracts';
import { formatInteger, formatMetric, formatSeconds } from '../../../lib/format';
import { ModelSwatch } from '../../charts/components/model-swatch';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { isFinished, progressOf, sortByRank, sortValue, type SortKey } from '../api/leaderboard';
import { detailOf, liveStatus } from '../api/live-training';
import { modelLabel } from '../api/model-label';

function paramsSummary(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`;
}

interface LeaderboardProps {
  entries: LeaderboardEntry[];
  /** The run's interval levels, for the coverage column. */
  levels: number[];
  /** Live progress per runModelId from the events stream. */
  live: ReadonlyMap<string, number>;
  /** Where each running model is (its fit, a neural fit's epoch), from the events stream. */
  details: ReadonlyMap<string, ProgressDetail>;
}

/** A metric column: sortable, numeric, with its abbreviation explained on hover. */
function metricColumn(key: MetricName, label: ReactNode, levels: readonly number[]): Column<LeaderboardEntry> {
  return { key, header: label, numeric: true, sortValue: (e) => sortValue(e, key, levels), cell: (e) => formatMetric(e.metrics?.[key]) };
}

export function LeaderboardTable({ entries, levels, live, details }: LeaderboardProps) {
  const by = (key: SortKey) => (e: LeaderboardEntry) => sortValue(e, key, levels);
  const columns: Column<LeaderboardEntry>[] = [
    { key: 'rank', header: 'Rank', numeric: true, className: 'rank', sortValue: by('rank'), cell: (e) => e.rank ?? '—' },
    { key: 'model', header: 'Model', rowHeader: true, cell: (e) => <ModelCell entry={e} /> },
    // The ranking metric first, then sMAPE, then the status: on a phone the figures that matter show before any scroll.
    metricColumn('mase', <abbr title="Mean absolute scaled error (below 1 beats the seasonal naive in-sample)">MASE</abbr>, levels),
    metricColumn('smape', <abbr title="Symmetric mean absolute percentage error (0–200)">sMAPE</abbr>, levels),
    { key: 'status', header: 'Status', cell: (e) => <StatusCell entry={e} live={live} detail={detailOf(e, details)} /> },
    metricColumn('mae', <abbr title="Mean absolute error">MAE</abbr>, levels),
    metricColumn('rmse', <abbr title="Root mean squared error">RMSE</abbr>, levels),
    {
      key: 'coverage',
      header: <abbr title="Share of backtest actuals inside each prediction interval (sorted by distance from the level)">Coverage</abbr>,
      numeric: true,
      className: 'coverage',
      sortValue: by('coverage'),
      cell: (e) =>
        e.coverage
          ? levels.map((level) => (
              <div key={level}>
                <span className="muted">{level}%:</span> {percent(e.coverage?.[String(level)])}
              </div>
            ))
          : '—',
    },
    { key: 'fitSeconds', header: 'Train s', numeric: true, sortValue: by('fitSeconds'), cell: (e) => formatSeconds(e.fitSeconds) },
    {
      key: 'parameters',
      header: <abbr title="Trainable values of one network (neural models)">Parameters</abbr>,
      numeric: true,
      sortValue: by('parameters'),
      cell: (e) => formatInteger(e.report?.parameterCount),
    },
    { key: 'backend', header: 'Backend', sortValue: by('backend'), cell: (e) => e.backend ?? '—' },
    { key: 'predictSeconds', header: 'Predict s', numeric: true, cell: (e) => formatSeconds(e.predictSeconds) },
  ];
  return (
    <DataTable
      name="leaderboard"
      className="leaderboard"
      caption="Models of the run, best rank first"
      columns={columns}
      rows={sortByRank(entries)}
      rowKey={(e) => e.runModelId}
      rowProps={(e) => ({ 'data-kind': e.kind, 'data-rank': e.rank ?? '', className: e.recommended ? 'best' : undefined })}
    />
  );
}

function ModelCell({ entry: e }: { entry: LeaderboardEntry }) {
  const params = paramsSummary(e.params);
  return (
    <>
      <ModelSwatch kind={e.kind} /> {modelLabel(e.kind)}
      {e.recommended && (
        <span className="badge recommended" title="Best by backtest error (the run's ranking): the one to pick" data-recommended="true">
          {' '}Pick this
        </span>
      )}
      {params && <div className="muted small mono">{params}</div>}
      {e.members && <div className="muted small">of {e.members.map((m) => modelLabel(m.kind)).join(', ')}</div>}
      {e.report && (
        <div className="muted small">
          {e.report.epochs} epoch{e.report.epochs === 1 ? '' : 's'} of {e.report.maxEpochs * e.report.members} planned
          {e.report.members > 1 ? ` (${e.report.members} networks)` : ''}
          {e.report.stoppedIn ? `, stopped in ${phaseLabel(e.report.stoppedIn)}` : ''}
        </div>
      )}
    </>
  );
}

/** Where a model is: its status, and while it trains its progress and which fit (a neural fit's epoch) it is at. */
function StatusCell({ entry: e, live, detail }: { entry: LeaderboardEntry; live: ReadonlyMap<string, number>; detail: ProgressDetail | null }) {
  return (
    <>
      <div className="status-cell">
        <StatusBadge status={e.status} />
        {!isFinished(e.status) && <ProgressBar value={progressOf(e, live)} label={`${modelLabel(e.kind)} progress`} />}
      </div>
      {detail && (
        <div className="muted small" data-live={e.kind}>
          {liveStatus(detail, formatMetric)}
        </div>
      )}
      {e.error && <div className="error-text small">{e.error}</div>}
      {e.warnings.length > 0 && (
        <div className="warning-text small" title={e.warnings.join('\n')}>
          {e.warnings.length} warning{e.warnings.length > 1 ? 's' : ''} (below)
        </div>
      )}
    </>
  );
}
