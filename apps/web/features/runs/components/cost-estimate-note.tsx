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
  else if (!estimate) summary = 'Estimating the cost from past runs…';
  else if (estimate.total !== null) summary = `Estimated fitting time: ${formatDuration(estimate.total)} of computing, summed over the models.`;
  else {
    const unknown = estimate.models.filter((m) => m.seconds === null).map((m) => modelLabel(m.kind));
    summary = `No estimate for ${unknown.join(', ')}: never fitted on this installation yet.${
      estimate.known > 0 ? ` The other models: ${formatDuration(estimate.known)}.` : ''
    }`;
  }
  return (
    <div className="cost-estimate alert alert-info" aria-live="polite" data-cost-estimate>
      <span>{summary}</span>
      {estimate && estimate.models.some((m) => m.seconds !== null) && (
        <details className="details">
          <summary>How this is estimated</summary>
          <ul className="small">
            {estimate.models.map((m) => (
              <li key={m.kind}>
                {modelLabel(m.kind)}:{' '}
                {m.seconds === null ? 'no past fit' : `${formatDuration(m.seconds)} (median of ${m.samples} past fit${m.samples > 1 ? 's' : ''})`}
              </li>
            ))}
          </ul>
          <p className="small muted">
            Seconds per point and backtest fit of each model on this installation, times this dataset&apos;s{' '}
            {points.toLocaleString()} points and {windows + 1} fits ({windows} window{windows > 1 ? 's' : ''} and the final
            one), scaled by the epochs of a neural model when you set them. Network size and the machine&apos;s load are not
            counted, and models train side by side when several workers are free: take it as an order of magnitude.
          </p>
        </details>
      )}
    </div>
  );
}
