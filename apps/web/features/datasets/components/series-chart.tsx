'use client';

import { useMemo } from 'react';
import { formatInteger, formatMetric } from '../../../lib/format';
import { useResource } from '../../../lib/use-resource';
import { EChart } from '../../charts/components/echart';
import { seriesHistoryOption } from '../../charts/history-options';
import { ErrorState, Loading } from '../../ui/components/states';
import { getSeriesPoints } from '../api/datasets.api';
import { missingRuns, seasonalityHint, type SeasonalityHint } from '../api/seasonality';

interface SeriesChartProps {
  datasetId: string;
  seriesKey: string;
  season: number;
  /** The dataset's version: the points are fetched again when it changes (after an append). */
  version: number;
}

export function SeriesChart({ datasetId, seriesKey, season, version }: SeriesChartProps) {
  const points = useResource(`${datasetId}\u0000${version}\u0000${seriesKey}`, (signal) => getSeriesPoints(datasetId, seriesKey, signal));
  const option = useMemo(() => (points.data ? seriesHistoryOption(points.data) : null), [points.data]);
  const stats = useMemo(() => {
    if (!points.data) return null;
    return { ...missingRuns(points.data.values), hint: seasonalityHint(points.data.values, season) };
  }, [points.data, season]);

  if (points.error) return <ErrorState error={points.error} onRetry={points.reload} />;
  if (!points.data || !option || !stats) return <Loading>Loading {seriesKey}…</Loading>;
  return (
    <figure className="figure">
      <figcaption>
        <strong>{points.data.id}</strong> <span className="muted">· {formatInteger(points.data.values.length)} points</span>
        <span className="muted small"> · scroll or drag the slider to zoom</span>
      </figcaption>
      <EChart option={option} name="series" label={`Line chart of series ${points.data.id}`} />
      <dl className="stats stats-inline series-stats" data-series-profile>
        <div className="stat">
          <dt>Length</dt>
          <dd>{formatInteger(points.data.values.length)}</dd>
        </div>
        <div className="stat">
          <dt>Missing values</dt>
          <dd>{formatInteger(stats.missing)}</dd>
        </div>
        <div className="stat">
          <dt>Longest gap</dt>
          <dd>{stats.longest ? `${formatInteger(stats.longest)} point${stats.longest === 1 ? '' : 's'}` : 'none'}</dd>
        </div>
        <div className="stat">
          <dt>Seasonality</dt>
          <dd data-seasonality={stats.hint.kind === 'tested' ? String(stats.hint.seasonal) : stats.hint.kind}>
            {seasonalityText(stats.hint)}
          </dd>
        </div>
      </dl>
      <p className="muted small">
        Seasonality hint: the autocorrelation of this series at the season lag, against the 90% limit the M4 benchmarks
        use to decide whether to deseasonalise (computed here from the points shown).
      </p>
    </figure>
  );
}

function seasonalityText(hint: SeasonalityHint): string {
  switch (hint.kind) {
    case 'no-season':
      return 'no season at this frequency';
    case 'too-short':
      return `too short to tell (needs ${hint.needed} points)`;
    case 'tested':
      return `${hint.seasonal ? 'likely' : 'not evident'}: r(${hint.season}) = ${formatMetric(hint.acf)} vs ±${formatMetric(hint.limit)}`;
  }
}
