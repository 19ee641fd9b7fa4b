'use client';

import Link from 'next/link';
import type { DatasetSummary, Run } from '@foretell/contracts';
import { formatElapsed, formatMetric, formatMoment } from '../../../lib/format';
import { useInterval, useResource } from '../../../lib/use-resource';
import { METRIC_LABELS } from '../../charts/run-options';
import { listDatasets } from '../../datasets/api/datasets.api';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ListStates, ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { isFinished, RANKING_METRIC, runProgress, sortByRank } from '../api/leaderboard';
import { runDurationSeconds } from '../api/run-duration';
import { listRuns } from '../api/runs.api';
import { modelLabel } from '../api/model-label';

const NO_LIVE = new Map<string, number>();

export function shortId(id: string): string {
  return id.slice(0, 8);
}

function bestOf(run: Run) {
  return sortByRank(run.leaderboard).find((e) => e.rank !== null);
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
  const now = Date.now();
  const columns: Column<Run>[] = [
    {
      key: 'run',
      header: 'Run',
      rowHeader: true,
      cell: (run) => (
        <Link href={`/runs/${run.id}`} className="mono">
          {shortId(run.id)}
        </Link>
      ),
    },
    ...(datasetId
      ? []
      : [
          {
            key: 'dataset',
            header: 'Dataset',
            sortValue: (run: Run) => names.get(run.datasetId) ?? run.datasetId,
            cell: (run: Run) => <Link href={`/datasets/${run.datasetId}`}>{names.get(run.datasetId) ?? shortId(run.datasetId)}</Link>,
          },
        ]),
    {
      key: 'status',
      header: 'Status',
      sortValue: (run) => run.status,
      cell: (run) => (
        <span className="status-cell">
          <StatusBadge status={run.status} />
          {!isFinished(run.status) && <ProgressBar value={runProgress(run, NO_LIVE)} label={`Run ${shortId(run.id)} progress`} />}
        </span>
      ),
    },
    { key: 'models', header: 'Models', cell: (run) => run.leaderboard.map((e) => modelLabel(e.kind)).join(', ') },
    { key: 'horizon', header: 'Horizon', numeric: true, sortValue: (run) => run.horizon, cell: (run) => run.horizon },
    {
      key: 'best',
      header: `Best (${METRIC_LABELS[RANKING_METRIC]})`,
      sortValue: (run) => bestOf(run)?.metrics?.[RANKING_METRIC],
      cell: (run) => {
        const best = bestOf(run);
        return best ? `${modelLabel(best.kind)} (${formatMetric(best.metrics?.[RANKING_METRIC])})` : '—';
      },
    },
    {
      key: 'duration',
      header: 'Duration',
      numeric: true,
      sortValue: (run) => runDurationSeconds(run, now),
      cell: (run) => formatElapsed(runDurationSeconds(run, now)),
    },
    {
      key: 'created',
      header: 'Created',
      sortValue: (run) => run.createdAt,
      cell: (run) => <time dateTime={run.createdAt}>{formatMoment(run.createdAt)}</time>,
    },
  ];

  return (
    <section className="card" aria-labelledby="runs-title">
      <h2 id="runs-title">{title}</h2>
      <ListStates
        list={runs}
        loading="Loading runs…"
        empty={datasetId ? 'No runs on this dataset yet. Start one above.' : 'No runs yet. Open a dataset to start one.'}
      >
        {(items) => <DataTable name="runs" caption={title} columns={columns} rows={items} rowProps={(run) => ({ 'data-run': run.id })} />}
      </ListStates>
    </section>
  );
}
