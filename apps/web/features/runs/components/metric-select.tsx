'use client';

import { metricNameSchema, type MetricName } from '@foretell/contracts';
import { METRIC_LABELS } from '../../charts/run-options';

export function MetricSelect({ id, value, onChange }: { id: string; value: MetricName; onChange: (metric: MetricName) => void }) {
  return (
    <label className="inline-field" htmlFor={id}>
      <span>Metric</span>
      <select id={id} value={value} onChange={(e) => onChange(metricNameSchema.parse(e.target.value))}>
        {metricNameSchema.options.map((m) => (
          <option key={m} value={m}>
            {METRIC_LABELS[m]}
          </option>
        ))}
      </select>
    </label>
  );
}
