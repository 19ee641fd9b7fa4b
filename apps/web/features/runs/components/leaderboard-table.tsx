'use client';

import { useState, type ReactNode } from 'react';
import type { LeaderboardEntry, ProgressDetail } from '@foretell/contracts';
import { formatInteger, formatMetric, formatSeconds } from '../../../lib/format';
import { ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { isFinished, progressOf, sortLeaderboard, type SortKey, type SortOrder } from '../api/leaderboard';
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

interface Column {
  key: SortKey;
  label: ReactNode;
  numeric: boolean;
}

const COLUMNS: Column[] = [
  { key: 'smape', label: <abbr title="Symmetric mean absolute percentage error (0–200)">sMAPE</abbr>, numeric: true },
  { key: 'mase', label: <abbr title="Mean absolute scaled error (below 1 beats the seasonal naive in-sample)">MASE</abbr>, numeric: true },
  { key: 'mae', label: <abbr title="Mean absolute error">MAE</abbr>, numeric: true },
  { key: 'rmse', label: <abbr title="Root mean squared error">RMSE</abbr>, numeric: true },
  {
    key: 'coverage',
    label: <abbr title="Share of backtest actuals inside each prediction interval (sorted by distance from the level)">Coverage</abbr>,
    numeric: true,
  },
  { key: 'fitSeconds', label: 'Train s', numeric: true },
  { key: 'parameters', label: <abbr title="Trainable values of one network (neural models)">Parameters</abbr>, numeric: true },
  { key: 'backend', label: 'Backend', numeric: false },
];

interface LeaderboardProps {
  entries: LeaderboardEntry[];
  /** The run's interval levels, for the coverage column. */
  levels: number[];
  /** Live progress per runModelId from the events stream. */
  live: ReadonlyMap<string, number>;
  /** Where each running model is (its fit, a neural fit's epoch), from the events stream. */
  details: ReadonlyMap<string, ProgressDetail>;
}

export function LeaderboardTable({ entries, levels, live, details }: LeaderboardProps) {
  const [order, setOrder] = useState<SortOrder>({ key: 'rank', descending: false });
  const sorted = sortLeaderboard(entries, order, levels);
  const sortBy = (key: SortKey) =>
    setOrder((o) => (o.key === key ? { key, descending: !o.descending } : { key, descending: false }));

  function header(key: SortKey, label: ReactNode, numeric: boolean) {
    const active = order.key === key;
    return (
      <th
        key={key}
        scope="col"
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (order.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button type="button" className="sort-button" onClick={() => sortBy(key)} data-sort={key}>
          {label}
          <span aria-hidden="true" className="sort-arrow">
            {active ? (order.descending ? '▼' : '▲') : '↕'}
          </span>
        </button>
      </th>
    );
  }

  return (
    <div className="table-wrap">
      <table className="table leaderboard" data-table="leaderboard">
        <caption className="visually-hidden">
          Models of the run; sorted by {order.key === 'rank' ? 'rank' : order.key}. Column headers sort.
        </caption>
        <thead>
          <tr>
            {header('rank', 'Rank', true)}
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            {COLUMNS.map((c) => header(c.key, c.label, c.numeric))}
            <th scope="col" className="num">
              Predict s
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((e) => {
            const params = paramsSummary(e.params);
            const detail = detailOf(e, details);
            return (
              <tr key={e.runModelId} data-kind={e.kind} data-rank={e.rank ?? ''} className={e.rank === 1 ? 'best' : undefined}>
                <td className="num rank">{e.rank ?? '—'}</td>
                <th scope="row">
                  {modelLabel(e.kind)}
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
                    </div>
                  )}
                </th>
                <td>
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
                </td>
                <td className="num" data-col="smape">
                  {formatMetric(e.metrics?.smape)}
                </td>
                <td className="num" data-col="mase">
                  {formatMetric(e.metrics?.mase)}
                </td>
                <td className="num" data-col="mae">
                  {formatMetric(e.metrics?.mae)}
                </td>
                <td className="num" data-col="rmse">
                  {formatMetric(e.metrics?.rmse)}
                </td>
                <td className="num coverage" data-col="coverage">
                  {e.coverage
                    ? levels.map((level) => (
                        <div key={level}>
                          <span className="muted">{level}%:</span> {percent(e.coverage?.[String(level)])}
                        </div>
                      ))
                    : '—'}
                </td>
                <td className="num" data-col="fitSeconds">
                  {formatSeconds(e.fitSeconds)}
                </td>
                <td className="num" data-col="parameters">
                  {formatInteger(e.report?.parameterCount)}
                </td>
                <td data-col="backend">{e.backend ?? '—'}</td>
                <td className="num">{formatSeconds(e.predictSeconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
