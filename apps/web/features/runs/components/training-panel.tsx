'use client';

import { useMemo } from 'react';
import { NEURAL_MODEL_KINDS, type LeaderboardEntry } from '@foretell/contracts';
import { formatInteger, formatMetric } from '../../../lib/format';
import { EChart } from '../../charts/components/echart';
import { PngButton } from '../../charts/components/png-button';
import { lossOption } from '../../charts/run-options';
import { Empty } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { lossCurveOf, type LiveFit } from '../api/live-training';
import { modelLabel } from '../api/model-label';

const NEURAL: ReadonlySet<string> = new Set(NEURAL_MODEL_KINDS);

interface TrainingPanelProps {
  entries: LeaderboardEntry[];
  fits: ReadonlyMap<string, LiveFit>;
  runLabel: string;
}

/** Neural models' training: epoch and loss live from the events stream, the saved fit report once done. */
export function TrainingPanel({ entries, fits, runLabel }: TrainingPanelProps) {
  const neural = entries.filter((e) => NEURAL.has(e.kind));
  const curves = useMemo(
    () => neural.map((e) => ({ kind: e.kind, name: modelLabel(e.kind), curve: lossCurveOf(e, fits) })).filter((c) => c.curve.length > 0),
    [neural, fits],
  );
  const option = useMemo(() => lossOption(curves), [curves]);
  if (!neural.length) return null;
  return (
    <section className="card" aria-labelledby="training-title">
      <div className="card-header">
        <h2 id="training-title">Training</h2>
        {curves.length > 0 && (
          <div className="card-actions">
            <PngButton chart="loss" title={`${runLabel} loss curves`} />
          </div>
        )}
      </div>
      <ul className="training-list" aria-live="polite">
        {neural.map((e) => {
          const fit = fits.get(e.runModelId);
          const last = lossCurveOf(e, fits).at(-1);
          return (
            <li key={e.runModelId} data-training={e.kind}>
              <strong>{modelLabel(e.kind)}</strong> <StatusBadge status={e.status} />
              <span className="muted small">
                {e.status === 'completed' && e.report
                  ? ` ${e.report.epochs} epochs run of ${e.report.maxEpochs * e.report.members} planned · ${formatInteger(e.report.parameterCount)} parameters`
                  : fit
                    ? ` epoch ${fit.epoch}${fit.epochs ? ` of ${fit.epochs}` : ''}`
                    : ''}
                {last ? ` · loss ${formatMetric(last.loss)}${last.valLoss !== null ? `, validation ${formatMetric(last.valLoss)}` : ''}` : ''}
              </span>
            </li>
          );
        })}
      </ul>
      {curves.length ? (
        <EChart option={option} name="loss" height={300} label="Line chart of training and validation loss per epoch of each neural model" />
      ) : (
        <Empty>Loss curves appear here as the networks train.</Empty>
      )}
    </section>
  );
}
