'use client';

import { useMemo, useState } from 'react';
import { getSeriesPoints } from '../../datasets/api/datasets.api';
import { SeriesPicker } from '../../datasets/components/series-picker';
import { EChart } from '../../charts/components/echart';
import { PngButton } from '../../charts/components/png-button';
import { runForecastOption } from '../../charts/run-options';
import { useResource } from '../../../lib/use-resource';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { modelLabel } from '../api/model-label';
import { getBacktests, getForecasts } from '../api/runs.api';

interface ForecastPanelProps {
  runId: string;
  datasetId: string;
  /** Changes when another model finishes, so its forecast is fetched too. */
  completedModels: number;
  /** The run's interval levels. */
  levels: number[];
}

export function ForecastPanel({ runId, datasetId, completedModels, levels }: ForecastPanelProps) {
  const [seriesKey, setSeriesKey] = useState<string | null>(null);
  const [shownLevels, setShownLevels] = useState<ReadonlySet<number>>(() => new Set(levels));
  const [withBacktests, setWithBacktests] = useState(false);
  // By value: the run (and its levels array) is refetched every few seconds while it trains.
  const levelsKey = levels.join(',');
  const visibleLevels = useMemo(
    () => (levelsKey ? levelsKey.split(',').map(Number) : []).filter((l) => shownLevels.has(l)),
    [levelsKey, shownLevels],
  );
  const toggleLevel = (level: number, on: boolean) =>
    setShownLevels((prev) => {
      const next = new Set(prev);
      if (on) next.add(level);
      else next.delete(level);
      return next;
    });

  return (
    <section className="card" aria-labelledby="forecast-title">
      <div className="card-header">
        <h2 id="forecast-title">Forecast</h2>
        <fieldset className="card-actions chart-options">
          <legend className="visually-hidden">What the forecast chart shows</legend>
          {levels.map((level) => (
            <label key={level} className="check">
              <input type="checkbox" checked={shownLevels.has(level)} onChange={(e) => toggleLevel(level, e.target.checked)} />
              <span>{level}% interval</span>
            </label>
          ))}
          <label className="check">
            <input type="checkbox" checked={withBacktests} onChange={(e) => setWithBacktests(e.target.checked)} />
            <span>Backtests</span>
          </label>
        </fieldset>
      </div>
      <div className="split">
        <SeriesPicker datasetId={datasetId} selected={seriesKey} onSelect={setSeriesKey} idPrefix="forecast-series" />
        <div className="split-main">
          {seriesKey ? (
            <ForecastChart
              runId={runId}
              datasetId={datasetId}
              seriesKey={seriesKey}
              completedModels={completedModels}
              levels={visibleLevels}
              withBacktests={withBacktests}
            />
          ) : (
            <Empty>Choose a series.</Empty>
          )}
        </div>
      </div>
    </section>
  );
}

interface ForecastChartProps extends ForecastPanelProps {
  seriesKey: string;
  withBacktests: boolean;
}

function ForecastChart({ runId, datasetId, seriesKey, completedModels, levels, withBacktests }: ForecastChartProps) {
  const history = useResource(`${datasetId}\u0000${seriesKey}`, (signal) => getSeriesPoints(datasetId, seriesKey, signal));
  const forecasts = useResource(`${runId}\u0000${seriesKey}\u0000${completedModels}`, (signal) => getForecasts(runId, seriesKey, signal));
  const backtests = useResource(withBacktests ? `backtests\u0000${runId}\u0000${seriesKey}\u0000${completedModels}` : null, (signal) =>
    getBacktests(runId, seriesKey, signal),
  );
  const option = useMemo(
    () =>
      history.data && forecasts.data
        ? runForecastOption({ history: history.data, forecasts: forecasts.data, levels, backtests: backtests.data })
        : null,
    [history.data, forecasts.data, levels, backtests.data],
  );

  const error = history.error ?? forecasts.error ?? backtests.error;
  if (error) {
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          history.reload();
          forecasts.reload();
          backtests.reload();
        }}
      />
    );
  }
  if (!option || !forecasts.data) return <Loading>Loading forecast for {seriesKey}…</Loading>;
  const kinds = forecasts.data.map((f) => modelLabel(f.kind)).join(', ');
  return (
    <figure className="figure">
      <figcaption className="figure-header">
        <span>
          <strong>{seriesKey}</strong>{' '}
          <span className="muted">
            · history and{' '}
            {forecasts.data.length ? `${forecasts.data.length} model forecast${forecasts.data.length > 1 ? 's' : ''}` : 'no forecasts yet'}
            {levels.length > 0 && ` with ${levels.join('% and ')}% intervals`}
            {withBacktests && (backtests.data ? ', backtests dotted' : ', loading backtests…')}
          </span>
        </span>
        <PngButton chart="forecast" title={`forecast ${seriesKey}`} />
      </figcaption>
      <EChart option={option} name="forecast" label={`Forecasts of ${seriesKey} by ${kinds || 'no model yet'}, over its history`} />
    </figure>
  );
}
