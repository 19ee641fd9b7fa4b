'use client';

import { useMemo, useState } from 'react';
import { getSeriesPoints } from '../../datasets/api/datasets.api';
import { SeriesPicker } from '../../datasets/components/series-picker';
import { EChart } from '../../charts/components/echart';
import { forecastOption } from '../../charts/series-options';
import { useResource } from '../../../lib/use-resource';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { modelLabel } from '../api/model-label';
import { getForecasts } from '../api/runs.api';

interface ForecastPanelProps {
  runId: string;
  datasetId: string;
  /** Changes when another model finishes, so its forecast is fetched too. */
  completedModels: number;
}

export function ForecastPanel({ runId, datasetId, completedModels }: ForecastPanelProps) {
  const [seriesKey, setSeriesKey] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="forecast-title">
      <h2 id="forecast-title">Forecast</h2>
      <div className="split">
        <SeriesPicker datasetId={datasetId} selected={seriesKey} onSelect={setSeriesKey} idPrefix="forecast-series" />
        <div className="split-main">
          {seriesKey ? (
            <ForecastChart runId={runId} datasetId={datasetId} seriesKey={seriesKey} completedModels={completedModels} />
          ) : (
            <Empty>Choose a series.</Empty>
          )}
        </div>
      </div>
    </section>
  );
}

function ForecastChart({ runId, datasetId, seriesKey, completedModels }: ForecastPanelProps & { seriesKey: string }) {
  const history = useResource(`${datasetId}\u0000${seriesKey}`, (signal) => getSeriesPoints(datasetId, seriesKey, signal));
  const forecasts = useResource(`${runId}\u0000${seriesKey}\u0000${completedModels}`, (signal) =>
    getForecasts(runId, seriesKey, signal),
  );
  const option = useMemo(
    () => (history.data && forecasts.data ? forecastOption(history.data, forecasts.data) : null),
    [history.data, forecasts.data],
  );

  const error = history.error ?? forecasts.error;
  if (error) {
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          history.reload();
          forecasts.reload();
        }}
      />
    );
  }
  if (!option || !forecasts.data) return <Loading>Loading forecast for {seriesKey}…</Loading>;
  return (
    <figure className="figure">
      <figcaption>
        <strong>{seriesKey}</strong>{' '}
        <span className="muted">
          · history and{' '}
          {forecasts.data.length ? `${forecasts.data.length} model forecast${forecasts.data.length > 1 ? 's' : ''}` : 'no forecasts yet'}
        </span>
      </figcaption>
      <EChart option={option} name="forecast" label={`Forecasts of ${seriesKey} by ${forecasts.data.map((f) => modelLabel(f.kind)).join(', ')}`} />
    </figure>
  );
}
