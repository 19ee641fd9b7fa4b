'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { TrainedModel } from '@foretell/contracts';
import { formatInteger, formatMetric, formatMoment } from '../../../lib/format';
import { useResource } from '../../../lib/use-resource';
import { useCanWrite } from '../../auth/components/session-provider';
import { listDatasets } from '../../datasets/api/datasets.api';
import { modelLabel } from '../../runs/api/model-label';
import { ModelSwatch } from '../../charts/components/model-swatch';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ListStates } from '../../ui/components/states';
import { listModels } from '../api/models.api';
import { ChampionWhy } from './champion-why';
import { ModelForecastPanel } from './model-forecast';

/** The registry: every saved model, filtered by dataset, with each dataset's champion marked. */
export function ModelsView({ datasetId }: { datasetId?: string }) {
  const router = useRouter();
  const datasets = useResource('datasets', listDatasets);
  const models = useResource(`models:${datasetId ?? ''}`, (signal) => listModels({ datasetId }, signal));
  const [chosen, setChosen] = useState<TrainedModel | null>(null);
  // Forecasting from a saved model queues work in a worker: a write, so not for viewers.
  const canWrite = useCanWrite();
  const names = new Map((datasets.data ?? []).map((d) => [d.id, d.name]));
  const champion = datasetId ? models.data?.find((m) => m.champion) : undefined;

  const columns: Column<TrainedModel>[] = [
    {
      key: 'model',
      header: 'Model',
      rowHeader: true,
      sortValue: (m) => modelLabel(m.kind),
      cell: (m) => (
        <>
          <ModelSwatch kind={m.kind} /> {modelLabel(m.kind)} {m.champion && <span className="badge badge-completed">Champion</span>}
        </>
      ),
    },
    {
      key: 'dataset',
      header: 'Dataset',
      sortValue: (m) => names.get(m.datasetId),
      cell: (m) => <Link href={`/datasets/${m.datasetId}`}>{names.get(m.datasetId) ?? m.datasetId.slice(0, 8)}</Link>,
    },
    { key: 'mase', header: 'MASE', numeric: true, sortValue: (m) => m.metrics.mase, cell: (m) => formatMetric(m.metrics.mase) },
    { key: 'smape', header: 'sMAPE', numeric: true, sortValue: (m) => m.metrics.smape, cell: (m) => formatMetric(m.metrics.smape) },
    { key: 'horizon', header: 'Horizon', numeric: true, cell: (m) => formatInteger(m.horizon) },
    { key: 'series', header: 'Series', numeric: true, cell: (m) => formatInteger(m.seriesCount) },
    { key: 'version', header: 'Data version', cell: (m) => <span title={`content hash ${m.datasetHash}`}>v{m.datasetVersion}</span> },
    { key: 'backend', header: 'Backend · seed', cell: (m) => `${m.backend} · ${m.seed}` },
    {
      key: 'saved',
      header: 'Saved',
      sortValue: (m) => m.createdAt,
      cell: (m) => (
        <Link href={`/runs/${m.runId}`}>
          <time dateTime={m.createdAt}>{formatMoment(m.createdAt)}</time>
        </Link>
      ),
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      className: 'actions',
      cell: (m) =>
        canWrite && (
          <button type="button" className="btn btn-small" onClick={() => setChosen(m)}>
            Forecast from this model
          </button>
        ),
    },
  ];

  const rowProps = (m: TrainedModel) => ({ 'data-model': m.kind, 'data-champion': m.champion || undefined, 'aria-current': chosen?.id === m.id || undefined });

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Models</h1>
          <p className="muted">Every model a run fitted, saved with what reproduces it. Forecast again from any of them without retraining.</p>
        </div>
        <div className="field">
          <label htmlFor="models-dataset">Dataset</label>
          <select
            id="models-dataset"
            value={datasetId ?? ''}
            onChange={(e) => {
              setChosen(null);
              router.push(e.target.value ? `/models?datasetId=${encodeURIComponent(e.target.value)}` : '/models');
            }}
          >
            <option value="">All datasets</option>
            {(datasets.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      </header>
      {champion && datasetId && <ChampionWhy key={champion.id} datasetId={datasetId} champion={champion} />}
      <section className="card" aria-labelledby="models-title">
        <h2 id="models-title">Saved models</h2>
        <ListStates list={models} loading="Loading models…" empty="No saved models yet. Every completed run saves the models it fitted.">
          {(items) => (
<DataTable name="models" caption="Saved models" columns={columns} rows={items} rowProps={rowProps} />
          )}
        </ListStates>
      </section>
      {chosen && <ModelForecastPanel key={chosen.id} model={chosen} datasetName={names.get(chosen.datasetId)} />}
    </>
  );
}
