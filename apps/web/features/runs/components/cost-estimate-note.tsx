'use client';

import { useMemo } from 'react';
import type { DatasetProfileSummary } from '@foretell/contracts';
import { useResource } from '../../../lib/use-resource';
import { listDatasets } from '../../datasets/api/datasets.api';
import { estimateCost, formatDuration, pastFits, type PlannedModel } from '../api/cost-estimate';
import { modelLabel } from '../api/model-label';
import { listRuns } from '../api/runs.api';

interface CostEstimateNoteProps {
  models: PlannedModel[];
  /** Points of the dataset the run will fit. */
  points: number;
  windows: number;
}

/** The planned run's fitting time, from how long this installation's past fits took per point. */
export function CostEstimateNote({ models, points, windows }: CostEstimateNoteProps) {
  const history = useResource('cost-history', async (signal) => {
    const [runs, datasets] = await Promise.all([listRuns(undefined, signal), listDatasets(signal)]);
    const profiles = new Map<string, DatasetProfileSummary>();
    for (const d of datasets) if (d.profile) profiles.set(d.id, d.profile);
    return pastFits(runs, profiles);
  });
  const estimate = useMemo(
    () => (history.data ? estimateCost(history.data, models, points, windows) : null),
    [history.data, models, points, windows],
  );

  if (!models.length) return null;
  let summary: string;
  if (history.error) summary = `No estimate of the cost: past runs could not be read (${history.error.message}).`;
  else if (!estimate) summary = 'Estimating the cost…';
  else summary = `Estimated fitting time: ${formatDuration(estimate.total)} of computing, summed over the models.`;
  return (
    <div className="cost-estimate alert alert-info" aria-live="polite" data-cost-estimate>
      <span>{summary}</span>
      {estimate && (
        <details className="details">
          <summary>How this is estimated</summary>
          <ul className="small">
            {estimate.models.map((m) => (
              <li key={m.kind} data-cost-basis={m.samples > 0 ? 'history' : 'calibrated'}>
                {modelLabel(m.kind)}: {formatDuration(m.seconds)}{' '}
                {m.samples > 0
                  ? `(median of ${m.samples} past fit${m.samples > 1 ? 's' : ''} here)`
                  : '(not fitted here yet: measured speed of the reference machine)'}
              </li>
            ))}
          </ul>
          <p className="small muted">
            Seconds per point and backtest fit of each model, times this dataset&apos;s {points.toLocaleString()} points and{' '}
            {windows + 1} fits ({windows} window{windows > 1 ? 's' : ''} and the final one). The rate comes from this
            installation&apos;s past fits of the model, scaled by the epochs of a neural model when you set them, or, for a
            model not fitted here yet, from a measurement of every model on a reference machine (2 CPU cores, WebAssembly).
            Network size and the machine&apos;s load are not counted, and models train side by side when several workers are
            free: take it as an order of magnitude.
          </p>
        </details>
      )}
    </div>
  );
}
