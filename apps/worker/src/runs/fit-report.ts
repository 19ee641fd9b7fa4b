import { phaseLabel, type FitPhase, type NeuralFitReport, type ProgressDetail } from '@foretell/contracts';
import type { FitReport } from '@foretell/forecasting';

/**
 * The run record of a neural model's final fit (the one on the whole series, whose forecasts are kept), from the
 * engine's fit report: epochs run over every network, epochs planned per network, one network's trainable values,
 * the first network's loss per epoch (1-based), and the settings it resolved.
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
    // As JSON, as it is stored: settings left undefined (no recent-window limit…) drop out.
    settings: JSON.parse(JSON.stringify(report.settings)) as NonNullable<NeuralFitReport['settings']>,
  };
}

/**
 * The training of the fit in progress, followed from its epoch reports, so that a fit stopped by a cancel (whose
 * final report never comes) still records the epochs it ran: the same figures as `neuralFitReport`, but for the fit
 * it was stopped in, and without the network's size (progress does not carry it). A new fit starts it over.
 */
export function trainingSoFar() {
  let fit: FitPhase | null = null;
  let epochs = 0;
  let planned = 0;
  let members = 1;
  let curve: NeuralFitReport['curve'] = [];
  return {
    add({ phase, epoch }: ProgressDetail): void {
      if (phase.kind !== 'backtest' && phase.kind !== 'final') return;
      if (!fit || phaseLabel(fit) !== phaseLabel(phase)) [fit, epochs, curve] = [phase, 0, []];
      if (!epoch) return;
      epochs++;
      [planned, members] = [epoch.of, epoch.network?.of ?? 1];
      if ((epoch.network?.n ?? 1) === 1) curve.push({ epoch: epoch.n, loss: epoch.loss, valLoss: epoch.valLoss ?? null });
    },
    /** The fit's report so far; undefined before its first epoch. */
    report(): NeuralFitReport | undefined {
      if (!fit || epochs === 0) return undefined;
      return { epochs, maxEpochs: planned, members, parameterCount: null, curve, stoppedIn: fit };
    },
  };
}
