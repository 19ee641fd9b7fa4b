'use client';

import { useMemo, useState } from 'react';
import type { LeaderboardEntry, MetricName } from '@foretell/contracts';
import { formatMetric, formatSeconds } from '../../../lib/format';
import { EChart } from '../../charts/components/echart';
import { costOption, METRIC_LABELS, paretoFront } from '../../charts/run-options';
import { Empty } from '../../ui/components/states';
import { modelLabel } from '../api/model-label';
import { ChartCard } from './chart-card';

/** Accuracy against training time: which model is worth its cost. */
export function CostPanel({ entries, runLabel }: { entries: LeaderboardEntry[]; runLabel: string }) {
  const [metric, setMetric] = useState<MetricName>('mase');
  const models = entries
    .map((e) => ({ e, x: e.fitSeconds ?? 0, y: e.metrics?.[metric] ?? Number.NaN }))
    .filter((m) => m.x > 0 && Number.isFinite(m.y));
  const front = paretoFront(models).map((i) => models[i]);
  const option = useMemo(() => costOption(entries, metric), [entries, metric]);
  return (
    <ChartCard id="cost" title="Accuracy against training time" runLabel={runLabel} metric={metric} onMetric={setMetric} exportable={models.length > 0}>
      {models.length ? (
        <>
          <p className="muted small" data-front>
            Worth its cost (no other model is both faster and more accurate):{' '}
            {front.map(({ e, x, y }, i) => (
              <span key={e.runModelId}>
                {i > 0 && ', '}
                <strong>{modelLabel(e.kind)}</strong> ({METRIC_LABELS[metric]} {formatMetric(y)}, {formatSeconds(x)} s)
              </span>
            ))}
            .
          </p>
          <EChart
            option={option}
            name="cost"
            height={340}
            label={`Scatter chart of each model's ${METRIC_LABELS[metric]} against its training seconds`}
          />
        </>
      ) : (
        <Empty>Models appear here once they finish with a training time and a score.</Empty>
      )}
    </ChartCard>
  );
}
