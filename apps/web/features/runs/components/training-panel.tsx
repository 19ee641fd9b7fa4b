'use client';

import { useMemo } from 'react';
import { NEURAL_MODEL_KINDS, phaseLabel, type LeaderboardEntry, type NeuralFitReport, type ProgressDetail } from '@foretell/contracts';
import { formatInteger, formatMetric } from '../../../lib/format';
import { EChart } from '../../charts/components/echart';
import { PngButton } from '../../charts/components/png-button';
import { lossOption } from '../../charts/run-options';
import { Empty } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { fitSettingsSummary } from '../api/fit-settings';
import { detailOf, liveStatus, lossCurveOf, type LabelledCurve } from '../api/live-training';
import { modelLabel } from '../api/model-label';

const NEURAL: ReadonlySet<string> = new Set(NEURAL_MODEL_KINDS);

interface TrainingPanelProps {
  entries: LeaderboardEntry[];
  fits: ReadonlyMap<string, LabelledCurve>;
  details: ReadonlyMap<string, ProgressDetail>;
  runLabel: string;
}

/**
 * Neural models' training: which fit trains (backtest window k of n, or the final fit), its epoch and loss live from
 * the events stream, the saved fit report once done. Each curve is named by its fit, so a new fit starting at epoch 1
 * reads as a new curve, not as the old one jumping back.
 */
export function TrainingPanel({ entries, fits, details, runLabel }: TrainingPanelProps) {
  const neural = entries.filter((e) => NEURAL.has(e.kind));
  const curves = useMemo(
    () =>
      neural
        .map((e) => ({ e, fit: lossCurveOf(e, fits) }))
        .filter(({ fit }) => fit.curve.length > 0)
        .map(({ e, fit }) => ({ kind: e.kind, name: `${modelLabel(e.kind)} · ${fit.label}`, curve: fit.curve })),
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
          const detail = detailOf(e, details);
          return (
            <li key={e.runModelId} data-training={e.kind}>
              <strong>{modelLabel(e.kind)}</strong> <StatusBadge status={e.status} />
              <span className="muted small" data-fit={detail?.phase.kind}>
                {detail ? ` ${liveStatus(detail, formatMetric)}` : e.report ? ` ${reportSummary(e.report)}` : ''}
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

/**
 * What a saved fit did: "12 epochs run of 40 planned · 1,234 parameters · loss 0.12, validation 0.2" (its last epoch)
 * and the settings it resolved ("· input 192 steps · both value scales · linear highway");
 * a fit a cancel stopped says in which fit ("stopped in backtest window 1 of 2 after 5 epochs of 40 planned · …").
 */
function reportSummary(report: NeuralFitReport): string {
  const last = report.curve.at(-1);
  const loss = last ? ` · loss ${formatMetric(last.loss)}${last.valLoss !== null ? `, validation ${formatMetric(last.valLoss)}` : ''}` : '';
  const parameters = report.parameterCount === null ? '' : ` · ${formatInteger(report.parameterCount)} parameters`;
  const epochs = `${report.epochs} epochs${report.stoppedIn ? '' : ' run'} of ${report.maxEpochs * report.members} planned`;
  const settings = fitSettingsSummary(report.settings);
  return `${report.stoppedIn ? `stopped in ${phaseLabel(report.stoppedIn)} after ` : ''}${epochs}${parameters}${loss}${settings && ` · ${settings}`}`;
}
