import type { LeaderboardEntry } from '@foretell/contracts';
import { formatMetric, formatSeconds } from '../../../lib/format';
import { ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { isFinished, progressOf, sortByRank } from '../api/leaderboard';
import { modelLabel } from '../api/model-label';

function paramsSummary(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

interface LeaderboardProps {
  entries: LeaderboardEntry[];
  /** Live progress per runModelId from the events stream. */
  live: ReadonlyMap<string, number>;
  /** Latest message per runModelId from the events stream (e.g. the phase). */
  messages: ReadonlyMap<string, string>;
}

export function LeaderboardTable({ entries, live, messages }: LeaderboardProps) {
  const sorted = sortByRank(entries);
  return (
    <div className="table-wrap">
      <table className="table leaderboard" data-table="leaderboard">
        <caption className="visually-hidden">Models ranked by accuracy over the backtest windows</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              <abbr title="Symmetric mean absolute percentage error (0–200)">sMAPE</abbr>
            </th>
            <th scope="col" className="num">
              <abbr title="Mean absolute scaled error (below 1 beats the seasonal naive in-sample)">MASE</abbr>
            </th>
            <th scope="col" className="num">
              MAE
            </th>
            <th scope="col" className="num">
              RMSE
            </th>
            <th scope="col" className="num">
              Fit s
            </th>
            <th scope="col" className="num">
              Predict s
            </th>
            <th scope="col">Backend</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((e) => {
            const params = paramsSummary(e.params);
            return (
              <tr key={e.runModelId} data-kind={e.kind} data-rank={e.rank ?? ''} className={e.rank === 1 ? 'best' : undefined}>
                <td className="num rank">{e.rank ?? '—'}</td>
                <th scope="row">
                  {modelLabel(e.kind)}
                  {params && <div className="muted small mono">{params}</div>}
                </th>
                <td>
                  <div className="status-cell">
                    <StatusBadge status={e.status} />
                    {!isFinished(e.status) && (
                      <ProgressBar value={progressOf(e, live)} label={`${modelLabel(e.kind)} progress`} />
                    )}
                  </div>
                  {!isFinished(e.status) && messages.get(e.runModelId) && (
                    <div className="muted small">{messages.get(e.runModelId)}</div>
                  )}
                  {e.error && <div className="error-text small">{e.error}</div>}
                </td>
                <td className="num">{formatMetric(e.metrics?.smape)}</td>
                <td className="num">{formatMetric(e.metrics?.mase)}</td>
                <td className="num">{formatMetric(e.metrics?.mae)}</td>
                <td className="num">{formatMetric(e.metrics?.rmse)}</td>
                <td className="num">{formatSeconds(e.fitSeconds)}</td>
                <td className="num">{formatSeconds(e.predictSeconds)}</td>
                <td>{e.backend ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
