'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { seasonFor } from '@foretell/contracts';
import { formatBytes, formatMoment } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useInterval, useResource } from '../../../lib/use-resource';
import { useCanWrite, ViewerNote } from '../../auth/components/session-provider';
import { NewRunForm } from '../../runs/components/new-run-form';
import { RunList } from '../../runs/components/run-list';
import { DatasetTracking } from '../../tracking/components/dataset-tracking';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { deleteDataset, getDataset } from '../api/datasets.api';
import { AppendRows } from './append-rows';
import { CsvProblemsTable } from './csv-problems-table';
import { DatasetProfile } from './dataset-profile';
import { SeriesChart } from './series-chart';
import { SeriesPicker } from './series-picker';
import { PageHeader, PendingDetail } from '../../ui/components/page-header';

export function DatasetView({ id }: { id: string }) {
  const router = useRouter();
  const dataset = useResource(`dataset:${id}`, (signal) => getDataset(id, signal));
  useInterval(dataset.reload, 1500, dataset.data?.status === 'ingesting');
  const [seriesKey, setSeriesKey] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const canWrite = useCanWrite();

  if (!dataset.data) {
    return (
      <PendingDetail
        breadcrumb={<Link href="/datasets">Datasets</Link>}
        title="Dataset"
        error={dataset.error}
        onRetry={dataset.reload}
        missing={
          <>
            This dataset does not exist (it may have been deleted). <Link href="/datasets">See all datasets</Link>.
          </>
        }
        loading="Loading dataset…"
      />
    );
  }

  const d = dataset.data;
  async function remove() {
    if (!window.confirm(`Delete “${d.name}” with its series, runs and forecasts? This cannot be undone.`)) return;
    setDeleting(true);
    setDeleteError(null);
    try {
      await deleteDataset(d.id);
      router.push('/datasets');
    } catch (e) {
      setDeleteError(errorMessage(e));
      setDeleting(false);
    }
  }

  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/datasets">Datasets</Link>}
        title={
          <>
            {d.name} <StatusBadge status={d.status} />
          </>
        }
        actions={
          canWrite && (
            <button type="button" className="btn btn-danger" onClick={remove} disabled={deleting}>
              {deleting ? 'Deleting…' : 'Delete dataset'}
            </button>
          )
        }
      >
        <p className="muted small">
          Uploaded <time dateTime={d.createdAt}>{formatMoment(d.createdAt)}</time> · {formatBytes(d.bytes)} · version{' '}
          {d.version} ·{' '}
          {canWrite && (
            <>
              <Link href={`/schedules?datasetId=${encodeURIComponent(d.id)}`}>Schedule retraining</Link> ·{' '}
            </>
          )}
          <Link href={`/models?datasetId=${d.id}`}>Saved models</Link> ·{' '}
          <Link href={`/datasets/${d.id}/accuracy`}>Live accuracy</Link>
        </p>
      </PageHeader>
      {deleteError && <ErrorState error={deleteError} />}

      {d.status === 'ingesting' && <Loading>Reading the file… the profile appears when it is done.</Loading>}
      {d.status === 'failed' && (
        <>
          <ErrorState error={d.error ?? 'The file could not be read.'} />
          <CsvProblemsTable problems={d.problems} />
        </>
      )}

      {d.status === 'ready' && d.profile && (
        <>
          <DatasetProfile profile={d.profile} />
          <section className="card" aria-labelledby="series-title">
            <h2 id="series-title">Series</h2>
            <div className="split">
              <SeriesPicker datasetId={d.id} version={d.version} selected={seriesKey} onSelect={setSeriesKey} idPrefix="dataset-series" />
              <div className="split-main">
                {seriesKey ? (
                  <SeriesChart datasetId={d.id} version={d.version} seriesKey={seriesKey} season={seasonFor(d.profile.frequency)} />
                ) : (
                  <Empty>Choose a series.</Empty>
                )}
              </div>
            </div>
          </section>
          {canWrite ? (
            <NewRunForm datasetId={d.id} profile={d.profile} />
          ) : (
            <ViewerNote>starting runs, appending rows and deleting are for members.</ViewerNote>
          )}
          <RunList datasetId={d.id} title="Runs on this dataset" />
          <DatasetTracking datasetId={d.id} />
          {canWrite && <AppendRows datasetId={d.id} onAppended={dataset.reload} />}
        </>
      )}
    </>
  );
}
