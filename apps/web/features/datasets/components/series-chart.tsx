'use client';

import { useMemo } from 'react';
import { formatInteger } from '../../../lib/format';
import { useResource } from '../../../lib/use-resource';
import { EChart } from '../../charts/components/echart';
import { historyOption } from '../../charts/series-options';
import { ErrorState, Loading } from '../../ui/components/states';
import { getSeriesPoints } from '../api/datasets.api';

export function SeriesChart({ datasetId, seriesKey }: { datasetId: string; seriesKey: string }) {
  const points = useResource(`${datasetId}\u0000${seriesKey}`, (signal) => getSeriesPoints(datasetId, seriesKey, signal));
  const option = useMemo(() => (points.data ? historyOption(points.data) : null), [points.data]);

  if (points.error) return <ErrorState error={points.error} onRetry={points.reload} />;
  if (!points.data || !option) return <Loading>Loading {seriesKey}…</Loading>;
  return (
    <figure className="figure">
      <figcaption>
        <strong>{points.data.id}</strong> <span className="muted">· {formatInteger(points.data.values.length)} points</span>
      </figcaption>
      <EChart option={option} name="series" label={`Line chart of series ${points.data.id}`} />
    </figure>
  );
}
