import type { ReactNode } from 'react';
import type { MetricName } from '@foretell/contracts';
import { PngButton } from '../../charts/components/png-button';
import { MetricSelect } from './metric-select';

interface ChartCardProps {
  id: string;
  title: string;
  /** The run's name, under the title of an exported PNG. */
  runLabel: string;
  metric: MetricName;
  onMetric: (metric: MetricName) => void;
  /** Whether there is a chart to export yet. */
  exportable: boolean;
  children: ReactNode;
}

/** A card holding one chart of the run by a chosen metric: its title, the metric and a PNG export on the right. */
export function ChartCard({ id, title, runLabel, metric, onMetric, exportable, children }: ChartCardProps) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="card-actions">
          <MetricSelect id={`${id}-metric`} value={metric} onChange={onMetric} />
          {exportable && <PngButton chart={id} title={title} subtitle={runLabel} />}
        </div>
      </div>
      {children}
    </section>
  );
}
