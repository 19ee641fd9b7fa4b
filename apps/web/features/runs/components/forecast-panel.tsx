'use client';

import { useMemo, useState } from 'react';
import type { LeaderboardEntry, RunModelKind } from '@foretell/contracts';
import { getSeriesPoints } from '../../datasets/api/datasets.api';
import { SeriesPicker } from '../../datasets/components/series-picker';
import { EChart } from '../../charts/components/echart';
import { ModelSwatch } from '../../charts/components/model-swatch';
import { PngButton } from '../../charts/components/png-button';
import { runForecastOption } from '../../charts/run-options';
import { useResource } from '../../../lib/use-resource';
import { Empty, ErrorState, Loading } from '../../ui/components/states';
import { defaultForecastModels } from '../api/forecast-choice';
import { sortByRank } from '../api/leaderboard';
import { modelLabel } from '../api/model-label';
import { getBacktests, getForecasts } from '../api/runs.api';
import { shortId } from './run-list';

interface ForecastPanelProps {
  runId: string;
  datasetId: string;
  /** For the PNG's title. */
  datasetName?: string;
  /** The run's models: those completed can be drawn; the recommended one is drawn first. */
  entries: LeaderboardEntry[];
  /** The run's interval levels. */
  levels: number[];
}

function toggled<T>(set: ReadonlySet<T>, item: T, on: boolean): ReadonlySet<T> {
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}

/**
 * One series' history with the forecasts of the chosen models: by default the recommended model against the seasonal
 * naive, so the chart answers "is the pick better than the obvious guess?"; any other finished model can be added.
 */
export function ForecastPanel({ runId, datasetId, datasetName, entries, levels }: ForecastPanelProps) {
  const [seriesKey, setSeriesKey] = useState<string | null>(null);
  const [shownLevels, setShownLevels] = useState<ReadonlySet<number>>(() => new Set(levels));
  const [withBacktests, setWithBacktests] = useState(false);
  // Null until someone chooses: the default follows the ranking as models finish.
  const [picked, setPicked] = useState<ReadonlySet<RunModelKind> | null>(null);
  const completed = sortByRank(entries.filter((e) => e.status === 'completed'));
  const defaults = defaultForecastModels(entries).join(',');
  const chosen = useMemo(() => picked ?? new Set(defaults.split(',').filter(Boolean) as RunModelKind[]), [picked, defaults]);
  // Best rank first, so the legend and the caption read "the pick vs the baseline".
  const drawnKinds = completed.map((e) => e.kind).filter((kind) => chosen.has(kind)).join(',');
  // By value: the run (and its levels array) is refetched every few seconds while it trains.
  const levelsKey = levels.join(',');
  const visibleLevels = useMemo(
    () => (levelsKey ? levelsKey.split(',').map(Number) : []).filter((l) => shownLevels.has(l)),
    [levelsKey, shownLevels],
  );

  return (
    <section className="card" aria-labelledby="forecast-title">
      <div className="card-header">
        <h2 id="forecast-title">Forecast</h2>
        <fieldset className="card-actions chart-options">
          <legend className="visually-hidden">What the forecast chart shows</legend>
          {levels.map((level) => (
            <label key={level} className="check">
              <input type="checkbox" checked={shownLevels.has(level)} onChange={(e) => setShownLevels((s) => toggled(s, level, e.target.checked))} />
              <span>{level}% interval</span>
            </label>
          ))}
          <label className="check">
            <input type="checkbox" checked={withBacktests} onChange={(e) => setWithBacktests(e.target.checked)} />
            <span>Backtests</span>
          </label>
        </fieldset>
      </div>
      <fieldset className="model-picker" data-model-picker>
        <legend>Models drawn</legend>
        {completed.map((e) => (
          <label key={e.runModelId} className="check" data-pick={e.kind}>
            <input
              type="checkbox"
              name="forecast-models"
              value={e.kind}
              checked={chosen.has(e.kind)}
              onChange={(event) => setPicked(toggled(chosen, e.kind, event.target.checked))}
            />
            <ModelSwatch kind={e.kind} />
            <span>
              {modelLabel(e.kind)}
              {e.recommended && <span className="muted"> (recommended)</span>}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="split">
        <SeriesPicker datasetId={datasetId} selected={seriesKey} onSelect={setSeriesKey} idPrefix="forecast-series" />
        <div className="split-main">
          {seriesKey ? (
            <ForecastChart
              runId={runId}
              datasetId={datasetId}
              datasetName={datasetName}
              seriesKey={seriesKey}
              completedModels={completed.length}
              kinds={drawnKinds}
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

interface ForecastChartProps {
  runId: string;
  datasetId: string;
  datasetName?: string;
  seriesKey: string;
  /** Changes when another model finishes, so its forecast is fetched too. */
  completedModels: number;
  /** The models to draw, comma-separated in the order to draw them (by value: the run is refetched while it trains). */
  kinds: string;
  levels: number[];
  withBacktests: boolean;
}

/** The items of the chosen kinds, in the order of `kinds`. */
function inOrder<T extends { kind: string }>(items: T[] | undefined, kinds: string[]): T[] | undefined {
  return items?.filter((item) => kinds.includes(item.kind)).sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
}

function ForecastChart({ runId, datasetId, datasetName, seriesKey, completedModels, kinds, levels, withBacktests }: ForecastChartProps) {
  const history = useResource(`${datasetId}\u0000${seriesKey}`, (signal) => getSeriesPoints(datasetId, seriesKey, signal));
  const forecasts = useResource(`${runId}\u0000${seriesKey}\u0000${completedModels}`, (signal) => getForecasts(runId, seriesKey, signal));
  const backtests = useResource(withBacktests ? `backtests\u0000${runId}\u0000${seriesKey}\u0000${completedModels}` : null, (signal) =>
    getBacktests(runId, seriesKey, signal),
  );
  const order = useMemo(() => kinds.split(',').filter(Boolean), [kinds]);
  const shown = useMemo(() => inOrder(forecasts.data, order), [forecasts.data, order]);
  const option = useMemo(
    () => (history.data && shown ? runForecastOption({ history: history.data, forecasts: shown, levels, backtests: inOrder(backtests.data, order) }) : null),
    [history.data, shown, levels, backtests.data, order],
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
  if (!option || !shown) return <Loading>Loading forecast for {seriesKey}…</Loading>;
  const names = shown.map((f) => modelLabel(f.kind)).join(' vs ');
  const intervals = levels.length > 0 ? ` with ${levels.join('% and ')}% intervals` : '';
  return (
    <figure className="figure">
      <figcaption className="figure-header">
        <span>
          <strong>{seriesKey}</strong>{' '}
          <span className="muted">
            · history and {shown.length ? names : 'no model chosen'}
            {intervals}
            {withBacktests && (backtests.data ? ', backtests dotted' : ', loading backtests…')}
          </span>
        </span>
        <PngButton
          chart="forecast"
          title={`Forecast of ${seriesKey}`}
          subtitle={[datasetName, `run ${shortId(runId)}`, (names || 'history only') + intervals].filter(Boolean).join(' · ')}
        />
      </figcaption>
      <EChart option={option} name="forecast" label={`Forecasts of ${seriesKey} by ${names || 'no model'}, over its history`} />
    </figure>
  );
}
