import type { NeuralFitReport } from '@foretell/contracts';
import type { FitReport } from '@foretell/forecasting';

/**
 * The run record of a neural model's final fit (the one on the whole series, whose forecasts are kept), from the
 * engine's fit report: epochs run over every network, epochs planned per network, one network's trainable values,
 * and the first network's loss per epoch (1-based).
 */
export function neuralFitReport(report: FitReport): NeuralFitReport {
  const planned = report.settings.epochs;
  if (typeof planned !== 'number') throw new Error(`the fit report of ${report.kind} has no planned epochs`);
  return {
    epochs: report.epochs,
    maxEpochs: planned,
    members: report.members.length,
    parameterCount: report.parameterCount,
    curve: (report.members[0]?.curve ?? []).map((e) => ({ epoch: e.epoch + 1, loss: e.loss, valLoss: e.valLoss })),
  };
}
