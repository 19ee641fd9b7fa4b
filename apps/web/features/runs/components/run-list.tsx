'use client';

import Link from 'next/link';
import type { DatasetSummary, Run } from '@foretell/contracts';
import { formatMetric, formatMoment } from '../../../lib/format';
import { useInterval, useResource } from '../../../lib/use-resource';
import { listDatasets } from '../../datasets/api/datasets.api';
import { Empty, ErrorState, Loading, ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { isFinished, runProgress, sortByRank } from '../api/leaderboard';
import { listRuns } from '../api/runs.api';
import { modelLabel } from '../api/model-label';

const NO_LIVE = new Map<string, number>();

export function shortId(id: string): string {
  return id.slice(0, 8);
}

interface RunListProps {
  /** Only the runs of this dataset; the dataset column is then left out. */
  datasetId?: string;
  title?: string;
}

export function RunList({ datasetId, title = 'Runs' }: RunListProps) {
  const runs = useResource(`runs:${datasetId ?? ''}`, (signal) => listRuns(datasetId, signal));
  const datasets = useResource(datasetId ? null : 'datasets', listDatasets);
  const active = runs.data?.some((r) => !isFinished(r.status)) ?? false;
  useInterval(runs.reload, 3000, active);

  const names = new Map((datasets.data ?? []).map((d: DatasetSummary) => [d.id, d.name]));
  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">{title}</h2>
      {runs.error && <ErrorState error={runs.error} onRetry={runs.reload} />}
      {!runs.data && !runs.error && <Loading>Loading runs…</Loading>}
      {runs.data?.length === 0 && (
        <Empty>{datasetId ? 'No runs on this dataset yet. Start one above.' : 'No runs yet. Open a dataset to start one.'}</Empty>
      )}
      {runs.data && runs.data.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-table="runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                {!datasetId && <th scope="col">Dataset</th>}
                <th scope="col">Status</th>
                <th scope="col">Models</th>
                <th scope="col" className="num">
                  Horizon
                </th>
                <th scope="col">Best (sMAPE)</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((run: Run) => {
                const best = sortByRank(run.leaderboard).find((e) => e.rank !== null);
                return (
                  <tr key={run.id}>
                    <td>
                      <Link href={`/runs/${run.id}`} className="mono">
                        {shortId(run.id)}
                      </Link>
                    </td>
                    {!datasetId && (
                      <td>
                        <Link href={`/datasets/${run.datasetId}`}>{names.get(run.datasetId) ?? shortId(run.datasetId)}</Link>
                      </td>
                    )}
                    <td>
                      <span className="status-cell">
                        <StatusBadge status={run.status} />
                        {!isFinished(run.status) && (
                          <ProgressBar value={runProgress(run, NO_LIVE)} label={`Run ${shortId(run.id)} progress`} />
                        )}
                      </span>
                    </td>
                    <td>{run.leaderboard.map((e) => modelLabel(e.kind)).join(', ')}</td>
                    <td className="num">{run.horizon}</td>
                    <td>{best ? `${modelLabel(best.kind)} (${formatMetric(best.metrics?.smape)})` : '—'}</td>
                    <td>
                      <time dateTime={run.createdAt}>{formatMoment(run.createdAt)}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
