'use client';

import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ModelForecast, TrainedModel } from '@foretell/contracts';
import { formatDataTime, formatValue } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useResource } from '../../../lib/use-resource';
import { EChart } from '../../charts/components/echart';
import { modelForecastOption } from '../../charts/model-forecast-options';
import { getSeriesPoints } from '../../datasets/api/datasets.api';
import { modelLabel } from '../../runs/api/model-label';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ErrorState, Loading } from '../../ui/components/states';
import { forecastLevels, modelForecastCsv } from '../api/model-forecast-csv';
import { modelForecastNotes } from '../api/model-forecast-notes';
import { forecastFromModel } from '../api/models.api';
import { LabelledInput } from '../../ui/components/labelled-input';

type State = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; forecast: ModelForecast } | { kind: 'failed'; error: string };

/** Asks a saved model for a forecast on the dataset's current rows (a worker job) and draws it. */
export function ModelForecastPanel({ model, datasetName }: { model: TrainedModel; datasetName?: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [horizon, setHorizon] = useState(String(model.horizon));
  const [seriesId, setSeriesId] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  async function run(event?: FormEvent) {
    event?.preventDefault();
    setState({ kind: 'running' });
    try {
      const forecast = await forecastFromModel(model.id, { horizon: Number(horizon) || undefined });
      setState({ kind: 'done', forecast });
      setSeriesId(forecast.series[0]?.seriesId ?? null);
    } catch (e) {
      setState({ kind: 'failed', error: errorMessage(e) });
    }
  }

  return (
    <section className="card" aria-labelledby="model-forecast-title" data-model-forecast>
      <h2 id="model-forecast-title" ref={headingRef} tabIndex={-1}>
        Forecast from {modelLabel(model.kind)} {datasetName && <span className="muted">on {datasetName}</span>}
      </h2>
      <form className="form-row" onSubmit={run}>
        <LabelledInput
          id="model-horizon"
          label="Horizon (points ahead)"
          type="number"
          min={1}
          max={10_000}
          value={horizon}
          onChange={(e) => setHorizon(e.target.value)}
        />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={state.kind === 'running'}>
            {state.kind === 'running' ? 'Forecasting…' : 'Forecast'}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {state.kind === 'running' && <Loading>A worker restores the model and forecasts…</Loading>}
        {state.kind === 'failed' && <ErrorState error={state.error} onRetry={() => void run()} />}
        {state.kind === 'done' && (
          <ForecastResult model={model} datasetName={datasetName} forecast={state.forecast} seriesId={seriesId} onSeries={setSeriesId} />
        )}
      </div>
    </section>
  );
}

interface ForecastStep {
  series: ModelForecast['series'][number];
  step: number;
}

/** Time, forecast and each interval's bounds: the numbers behind the chart. */
function forecastColumns(levels: string[]): Column<ForecastStep>[] {
  return [
    { key: 'timestamp', header: 'Time', rowHeader: true, cell: ({ series, step }) => formatDataTime(series.timestamps[step]) },
    { key: 'yhat', header: 'Forecast', numeric: true, cell: ({ series, step }) => formatValue(series.yhat[step]) },
    ...levels.map(
      (level): Column<ForecastStep> => ({
        key: `interval-${level}`,
        header: `${level}% interval`,
        numeric: true,
        cell: ({ series, step }) => {
          const band = series.intervals[level];
          return band ? `${formatValue(band.lo[step])} – ${formatValue(band.hi[step])}` : '—';
        },
      }),
    ),
  ];
}

/** Every series of the forecast as one CSV file, made in the browser from what the worker returned. */
function CsvDownload({ forecast, fileName }: { forecast: ModelForecast; fileName: string }) {
  const href = useMemo(() => URL.createObjectURL(new Blob([modelForecastCsv(forecast)], { type: 'text/csv' })), [forecast]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  return (
    <a className="btn btn-small" href={href} download={`${fileName.replace(/[^\w.-]+/g, '-')}.csv`} data-export="model-forecast">
      Forecast CSV<span className="visually-hidden"> (every series)</span>
    </a>
  );
}

function ForecastResult(props: { model: TrainedModel; datasetName?: string; forecast: ModelForecast; seriesId: string | null; onSeries: (id: string) => void }) {
  const { model, datasetName, forecast, seriesId, onSeries } = props;
  const series = forecast.series.find((s) => s.seriesId === seriesId) ?? forecast.series[0];
  const history = useResource(series ? `${model.datasetId}\u0000${series.seriesId}` : null, (signal) =>
    getSeriesPoints(model.datasetId, series!.seriesId, signal),
  );
  const option = useMemo(
    () => (history.data && series ? modelForecastOption(history.data, series, model.kind, modelLabel(model.kind)) : null),
    [history.data, series, model.kind],
  );
  const notes = modelForecastNotes(forecast);
  const noteList = notes.length > 0 && (
    <ul className="alert alert-warning issue-list" data-model-forecast-notes>
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
  if (!series) {
    return (
      <>
        <p className="muted">The model forecast no series.</p>
        {noteList}
      </>
    );
  }
  return (
    <>
      {noteList}
      <p className="muted small">
        Forecast on dataset version {forecast.datasetVersion}
        {forecast.datasetVersion > model.datasetVersion
          ? ` (the model was trained on version ${model.datasetVersion}: it forecasts from the series' new ends)`
          : ' (the data it was trained on)'}
        , {forecast.horizon} points from {formatDataTime(series.timestamps[0])}.
      </p>
      {forecast.series.length > 1 && (
        <div className="field">
          <label htmlFor="model-forecast-series">Series</label>
          <select id="model-forecast-series" value={series.seriesId} onChange={(e) => onSeries(e.target.value)}>
            {forecast.series.slice(0, 1_000).map((s) => (
              <option key={s.seriesId} value={s.seriesId}>
                {s.seriesId}
              </option>
            ))}
          </select>
        </div>
      )}
      {history.error && <ErrorState error={history.error} onRetry={history.reload} />}
      {!option && !history.error && <Loading>Loading the history…</Loading>}
      {option && <EChart option={option} name="model-forecast" label={`History and forecast of ${series.seriesId} from ${modelLabel(model.kind)}`} />}
      <div className="card-header">
        <h3>Forecast of {series.seriesId}</h3>
        <CsvDownload forecast={forecast} fileName={`forecast-${model.kind}-${datasetName ?? model.datasetId.slice(0, 8)}`} />
      </div>
      <DataTable
        name="model-forecast"
        caption={`Forecast of ${series.seriesId} from ${modelLabel(model.kind)}, with its intervals`}
        columns={forecastColumns(forecastLevels(forecast))}
        rows={series.timestamps.map((_, step) => ({ series, step }))}
        rowKey={(row) => String(row.step)}
      />
    </>
  );
}
