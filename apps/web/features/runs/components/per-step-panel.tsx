'use client';

import { useMemo, useState } from 'react';
import type { LeaderboardEntry, MetricName } from '@foretell/contracts';
import { EChart } from '../../charts/components/echart';
import { perStepOption } from '../../charts/run-options';
import { Empty } from '../../ui/components/states';
import { ChartCard } from './chart-card';

/** Error by horizon step: how much worse each model gets the further ahead it forecasts. */
export function PerStepPanel({ entries, runLabel }: { entries: LeaderboardEntry[]; runLabel: string }) {
  const [metric, setMetric] = useState<MetricName>('mase');
  const withSteps = entries.filter((e) => e.perStep?.[metric]?.length);
  const option = useMemo(() => perStepOption(entries, metric), [entries, metric]);
  return (
    <ChartCard id="per-step" title="Error by horizon step" runLabel={runLabel} metric={metric} onMetric={setMetric} exportable={withSteps.length > 0}>
      {withSteps.length ? (
        <EChart option={option} name="per-step" height={320} label={`Line chart of each model's backtest error at each step ahead`} />
      ) : (
        <Empty>Per-step errors appear as models finish.</Empty>
      )}
    </ChartCard>
  );
}
