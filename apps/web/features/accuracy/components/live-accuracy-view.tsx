'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { ModelLiveAccuracy } from '@foretell/contracts';
import { formatInteger, formatMetric, formatMoment } from '../../../lib/format';
import { useResource } from '../../../lib/use-resource';
import { getDataset } from '../../datasets/api/datasets.api';
import { modelLabel } from '../../runs/api/model-label';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { listDriftChecks, listModelAccuracy, listSeriesAccuracy } from '../api/live-accuracy.api';
import { CoverageFigures, LiveVsPromised } from './live-vs-promised';
import { Pager } from './pager';

const PAGE = 20;

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
        {models.error && <ErrorState error={models.error} onRetry={models.reload} />}
        {!models.data && !models.error && <Loading>Loading live accuracy…</Loading>}
        {models.data && models.data.total === 0 && (
          <Empty>No forecast has been scored yet. Append rows for the dates a run forecast, and its forecasts are scored against them.</Empty>
        )}
        {models.data && models.data.items.length > 0 && (
          <>
            <div className="table-wrap">
              <table className="table" data-table="live-models">
                <thead>
                  <tr>
                    <th scope="col">Model · run</th>
                    <th scope="col" className="num">Series</th>
                    <th scope="col" className="num">Points</th>
                    <th scope="col">MASE live vs backtest</th>
                    <th scope="col">sMAPE live vs backtest</th>
                    <th scope="col">Coverage live vs backtest</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {models.data.items.map((m) => (
                    <tr key={m.runModelId} data-model={m.kind} data-champion={m.champion || undefined} aria-current={shown?.runModelId === m.runModelId || undefined}>
                      <th scope="row">
                        {modelLabel(m.kind)} {m.champion && <span className="badge badge-completed">Champion</span>}
                        <div className="small">
                          <Link href={`/runs/${m.runId}`}>
                            Run of <time dateTime={m.runCreatedAt}>{formatMoment(m.runCreatedAt)}</time>
                          </Link>
                        </div>
                      </th>
                      <td className="num">{formatInteger(m.series)}</td>
                      <td className="num" title={`last scored ${formatMoment(m.live.lastScoredAt)}`}>
                        {formatInteger(m.live.points)}
                      </td>
                      <td>
                        <LiveVsPromised live={m.live.mase} promised={m.promised.mase} />
                      </td>
                      <td>
                        <LiveVsPromised live={m.live.smape} promised={m.promised.smape} />
                      </td>
                      <td>
                        <CoverageFigures live={m.live.coverage} promised={m.promised.coverage} />
                      </td>
                      <td>
                        <button type="button" className="btn btn-small" onClick={() => setChosen(m)}>
                          Per series
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager offset={offset} limit={PAGE} total={models.data.total} onOffset={setOffset} label="Models" />
          </>
        )}
      </section>
      {shown && <SeriesAccuracy key={shown.runModelId} datasetId={datasetId} model={shown} />}
      <DriftChecks datasetId={datasetId} />
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
          <div className="table-wrap">
            <table className="table" data-table="live-series">
              <thead>
                <tr>
                  <th scope="col">Series</th>
                  <th scope="col" className="num">Points</th>
                  <th scope="col">MASE live vs backtest</th>
                  <th scope="col">sMAPE live vs backtest</th>
                  <th scope="col">Coverage live</th>
                </tr>
              </thead>
              <tbody>
                {series.data.items.map((s) => (
                  <tr key={s.seriesId} data-series={s.key}>
                    <th scope="row">{s.key}</th>
                    <td className="num">{formatInteger(s.live.points)}</td>
                    <td>
                      <LiveVsPromised live={s.live.mase} promised={s.promised.mase} />
                    </td>
                    <td>
                      <LiveVsPromised live={s.live.smape} promised={s.promised.smape} />
                    </td>
                    <td>
                      <CoverageFigures live={s.live.coverage} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
          <div className="table-wrap">
            <table className="table" data-table="drift-checks">
              <thead>
                <tr>
                  <th scope="col">Decided</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">MASE live vs backtest</th>
                  <th scope="col">Margin · points</th>
                  <th scope="col">Series beyond</th>
                  <th scope="col">What followed</th>
                </tr>
              </thead>
              <tbody>
                {checks.data.items.map((c) => (
                  <tr key={c.id} data-drifted={c.drifted || undefined} title={c.figures.reason}>
                    <td>
                      <time dateTime={c.createdAt}>{formatMoment(c.createdAt)}</time>
                    </td>
                    <td>{c.drifted ? <span className="badge badge-failed">Drift</span> : <span className="badge badge-completed">Within</span>}</td>
                    <td>
                      <LiveVsPromised live={c.figures.liveMase} promised={c.figures.promisedMase} />
                    </td>
                    <td>
                      {formatMetric(c.figures.margin * 100)}% · {formatInteger(c.figures.points)} of at least {formatInteger(c.figures.minPoints)}
                    </td>
                    <td>
                      {c.figures.driftedSeries.length
                        ? c.figures.driftedSeries.map((s) => `${s.key} (${formatMetric(s.liveMase)} vs ${formatMetric(s.promisedMase)})`).join(', ')
                        : '—'}
                    </td>
                    <td>
                      {c.retrainRunId ? <Link href={`/runs/${c.retrainRunId}`}>Retraining run</Link> : (c.figures.action ?? 'nothing: within the margin')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={PAGE} total={checks.data.total} onOffset={setOffset} label="Drift decisions" />
        </>
      )}
    </section>
  );
}
