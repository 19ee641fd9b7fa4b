'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { DriftCheck, ModelLiveAccuracy, SeriesLiveAccuracy } from '@foretell/contracts';
import { formatInteger, formatMetric, formatMoment } from '../../../lib/format';
import { useInterval, useResource } from '../../../lib/use-resource';
import { getDataset } from '../../datasets/api/datasets.api';
import { modelLabel } from '../../runs/api/model-label';
import { DataTable, type Column } from '../../ui/components/data-table';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { listDriftChecks, listModelAccuracy, listSeriesAccuracy } from '../api/live-accuracy.api';
import { CoverageFigures, LiveVsPromised } from './live-vs-promised';
import { Pager } from './pager';

const PAGE = 20;
/** How often the figures are read again while appended rows are being scored. */
const SCORING_POLL_MS = 2_000;
/** How often an open page asks whether rows were appended elsewhere (another tab, the CLI, a feed). */
const APPEND_POLL_MS = 5_000;

type Scored = Pick<ModelLiveAccuracy, 'live'> & { promised: Pick<ModelLiveAccuracy['promised'], 'mase' | 'smape'> };

/** Live MASE and sMAPE beside the backtest's: the figures every live-accuracy table shows. */
function errorColumns<T extends Scored>(): Column<T>[] {
  return [
    { key: 'mase', header: 'MASE live vs backtest', cell: (r) => <LiveVsPromised live={r.live.mase} promised={r.promised.mase} /> },
    { key: 'smape', header: 'sMAPE live vs backtest', cell: (r) => <LiveVsPromised live={r.live.smape} promised={r.promised.smape} /> },
  ];
}

const MODEL_COLUMNS: Column<ModelLiveAccuracy>[] = [
  {
    key: 'model',
    header: 'Model · run',
    rowHeader: true,
    cell: (m) => (
      <>
        {modelLabel(m.kind)} {m.champion && <span className="badge badge-completed">Champion</span>}
        <div className="small">
          <Link href={`/runs/${m.runId}`}>
            Run of <time dateTime={m.runCreatedAt}>{formatMoment(m.runCreatedAt)}</time>
          </Link>
        </div>
      </>
    ),
  },
  { key: 'series', header: 'Series', numeric: true, cell: (m) => formatInteger(m.series) },
  {
    key: 'points',
    header: 'Points',
    numeric: true,
    cell: (m) => <span title={`last scored ${formatMoment(m.live.lastScoredAt)}`}>{formatInteger(m.live.points)}</span>,
  },
  ...errorColumns<ModelLiveAccuracy>(),
  { key: 'coverage', header: 'Coverage live vs backtest', cell: (m) => <CoverageFigures live={m.live.coverage} promised={m.promised.coverage} /> },
];

const chooseColumn = (choose: (m: ModelLiveAccuracy) => void): Column<ModelLiveAccuracy> => ({
  key: 'actions',
  header: <span className="visually-hidden">Actions</span>,
  cell: (m) => (
    <button type="button" className="btn btn-small" onClick={() => choose(m)}>
      Per series
    </button>
  ),
});

const SERIES_COLUMNS: Column<SeriesLiveAccuracy>[] = [
  { key: 'series', header: 'Series', rowHeader: true, cell: (s) => s.key },
  { key: 'points', header: 'Points', numeric: true, cell: (s) => formatInteger(s.live.points) },
  ...errorColumns<SeriesLiveAccuracy>(),
  { key: 'coverage', header: 'Coverage live', cell: (s) => <CoverageFigures live={s.live.coverage} /> },
];

const DRIFT_COLUMNS: Column<DriftCheck>[] = [
  { key: 'decided', header: 'Decided', cell: (c) => <time dateTime={c.createdAt}>{formatMoment(c.createdAt)}</time> },
  {
    key: 'verdict',
    header: 'Verdict',
    cell: (c) => (c.drifted ? <span className="badge badge-failed">Drift</span> : <span className="badge badge-completed">Within</span>),
  },
  { key: 'mase', header: 'MASE live vs backtest', cell: (c) => <LiveVsPromised live={c.figures.liveMase} promised={c.figures.promisedMase} /> },
  {
    key: 'margin',
    header: 'Margin · points',
    cell: (c) => `${formatMetric(c.figures.margin * 100)}% · ${formatInteger(c.figures.points)} of at least ${formatInteger(c.figures.minPoints)}`,
  },
  {
    key: 'beyond',
    header: 'Series beyond',
    cell: (c) =>
      c.figures.driftedSeries.length
        ? c.figures.driftedSeries.map((s) => `${s.key} (${formatMetric(s.liveMase)} vs ${formatMetric(s.promisedMase)})`).join(', ')
        : '—',
  },
  {
    key: 'followed',
    header: 'What followed',
    cell: (c) => (c.retrainRunId ? <Link href={`/runs/${c.retrainRunId}`}>Retraining run</Link> : (c.figures.action ?? 'nothing: within the margin')),
  },
];

/**
 * Forecasts held to account: each stored forecast scored on the actuals appended since, beside what its backtest
 * promised, per model and per series, and the live-drift decisions of the dataset's schedules.
 */
export function LiveAccuracyView({ datasetId }: { datasetId: string }) {
  const dataset = useResource(`dataset:${datasetId}`, (signal) => getDataset(datasetId, signal));
  const [offset, setOffset] = useState(0);
  const models = useResource(`accuracy:${datasetId}:${offset}`, (signal) => listModelAccuracy(datasetId, { offset, limit: PAGE }, signal));
  const [chosen, setChosen] = useState<ModelLiveAccuracy | null>(null);
  const shown = chosen ?? models.data?.items.find((m) => m.champion) ?? models.data?.items[0] ?? null;
  // While an append is scored the figures are partial: say so, read them again until it ends, then read the lists below.
  const scoring = models.data?.scoring ?? false;
  useInterval(models.reload, SCORING_POLL_MS, scoring);
  // An append made elsewhere moves the dataset's version: read the figures (and the lists below) again then.
  useInterval(dataset.reload, APPEND_POLL_MS, !scoring);
  const version = dataset.data?.version;
  const seenVersion = useRef(version);
  const reloadModels = models.reload;
  useEffect(() => {
    if (version !== undefined && seenVersion.current !== undefined && version !== seenVersion.current) reloadModels();
    if (version !== undefined) seenVersion.current = version;
  }, [version, reloadModels]);

  return (
    <>
      <header className="page-header">
        <div>
          <p className="breadcrumb">
            <Link href="/datasets">Datasets</Link> / <Link href={`/datasets/${datasetId}`}>{dataset.data?.name ?? 'Dataset'}</Link>
          </p>
          <h1>Live accuracy</h1>
          <p className="muted">
            Every forecast a run stored is scored when appended rows bring the actuals of its dates: MASE (scaled as its backtest was), sMAPE and
            the share of actuals inside its intervals, against what the backtest promised.
          </p>
        </div>
        <button type="button" className="btn btn-small" onClick={models.reload}>
          Refresh
        </button>
      </header>
      <section className="card" aria-labelledby="live-models-title">
        <h2 id="live-models-title">Models: live against promised</h2>
        {scoring && (
          <p className="alert alert-info" role="status" data-scoring>
            Scoring the new rows… The figures below are partial until it ends; they refresh by themselves.
          </p>
        )}
        {models.error && <ErrorState error={models.error} onRetry={models.reload} />}
        {!models.data && !models.error && <Loading>Loading live accuracy…</Loading>}
        {models.data && models.data.total === 0 && !scoring && (
          <Empty>No forecast has been scored yet. Append rows for the dates a run forecast, and its forecasts are scored against them.</Empty>
        )}
        {models.data && models.data.items.length > 0 && (
          <>
            <DataTable
              name="live-models"
              caption="Models: live against promised"
              columns={[...MODEL_COLUMNS, chooseColumn(setChosen)]}
              rows={models.data.items}
              rowKey={(m) => m.runModelId}
              rowProps={(m) => ({ 'data-model': m.kind, 'data-champion': m.champion || undefined, 'aria-current': shown?.runModelId === m.runModelId || undefined })}
            />
            <Pager offset={offset} limit={PAGE} total={models.data.total} onOffset={setOffset} label="Models" />
          </>
        )}
      </section>
      {/* Keyed by the scoring state and the data's version too: when scoring ends or rows arrive they are read again. */}
      {shown && <SeriesAccuracy key={`${shown.runModelId}:${scoring}:${version}`} datasetId={datasetId} model={shown} />}
      <DriftChecks key={`${scoring}:${version}`} datasetId={datasetId} />
    </>
  );
}

/** One model's live accuracy per series, worst live MASE first. */
function SeriesAccuracy({ datasetId, model }: { datasetId: string; model: ModelLiveAccuracy }) {
  const [offset, setOffset] = useState(0);
  const series = useResource(`accuracy-series:${model.runModelId}:${offset}`, (signal) =>
    listSeriesAccuracy(datasetId, model.runModelId, { offset, limit: PAGE }, signal),
  );
  return (
    <section className="card" aria-labelledby="live-series-title">
      <h2 id="live-series-title">Per series: {modelLabel(model.kind)}</h2>
      <p className="muted small">Worst live MASE first; each series against its own backtest.</p>
      {series.error && <ErrorState error={series.error} onRetry={series.reload} />}
      {!series.data && !series.error && <Loading>Loading series…</Loading>}
      {series.data && (
        <>
          <DataTable
            name="live-series"
            caption={`Per series: ${modelLabel(model.kind)}`}
            columns={SERIES_COLUMNS}
            rows={series.data.items}
            rowKey={(s) => s.seriesId}
            rowProps={(s) => ({ 'data-series': s.key })}
          />
          <Pager offset={offset} limit={PAGE} total={series.data.total} onOffset={setOffset} label="Series" />
        </>
      )}
    </section>
  );
}

/** The schedules' live-drift decisions, newest first, each with the figures it weighed and what followed. */
function DriftChecks({ datasetId }: { datasetId: string }) {
  const [offset, setOffset] = useState(0);
  const checks = useResource(`drift-checks:${datasetId}:${offset}`, (signal) => listDriftChecks(datasetId, { offset, limit: PAGE }, signal));
  return (
    <section className="card" aria-labelledby="drift-title">
      <h2 id="drift-title">Drift decisions</h2>
      <p className="muted small">
        After each append, every running <Link href="/schedules">schedule</Link> of the dataset compares its champion&apos;s live MASE with its
        backtest MASE: drift beyond the schedule&apos;s margin over at least its number of points, for the dataset or any one series.
      </p>
      {checks.error && <ErrorState error={checks.error} onRetry={checks.reload} />}
      {!checks.data && !checks.error && <Loading>Loading decisions…</Loading>}
      {checks.data && checks.data.total === 0 && <Empty>No decision yet: they follow appends that bring actuals for a scheduled dataset&apos;s champion.</Empty>}
      {checks.data && checks.data.items.length > 0 && (
        <>
          <DataTable
            name="drift-checks"
            caption="Drift decisions"
            columns={DRIFT_COLUMNS}
            rows={checks.data.items}
            rowProps={(c) => ({ 'data-drifted': c.drifted || undefined, title: c.figures.reason })}
          />
          <Pager offset={offset} limit={PAGE} total={checks.data.total} onOffset={setOffset} label="Drift decisions" />
        </>
      )}
    </section>
  );
}
