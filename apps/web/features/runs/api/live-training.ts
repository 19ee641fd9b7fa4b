import {
  phaseLabel,
  progressLabel,
  type FitEpoch,
  type LeaderboardEntry,
  type ModelPhase,
  type ProgressDetail,
  type RunEvent,
} from '@foretell/contracts';

export interface EpochPoint {
  epoch: number;
  loss: number;
  valLoss: number | null;
}

/**
 * A loss curve and the fit it belongs to. Every fit of a neural model (backtest window, final) and every network of an
 * ensemble trains from epoch 1 again: each gets its own label, so the curve starts over visibly, never silently.
 */
export interface LabelledCurve {
  /** Which fit, and which network when several: "backtest window 2 of 3", "final fit, network 2 of 3". */
  label: string;
  curve: EpochPoint[];
}

function fitLabel(phase: ModelPhase, epoch: FitEpoch): string {
  const network = epoch.network && epoch.network.of > 1 ? `, network ${epoch.network.n} of ${epoch.network.of}` : '';
  return `${phaseLabel(phase)}${network}`;
}

/** Adds a progress event's epoch to the curve of the network training now; other events leave the map as it is. */
export function withEpoch(fits: ReadonlyMap<string, LabelledCurve>, event: RunEvent): ReadonlyMap<string, LabelledCurve> {
  const { runModelId, phase, epoch } = event;
  if (!runModelId || !phase || !epoch) return fits;
  const label = fitLabel(phase, epoch);
  const point: EpochPoint = { epoch: epoch.n, loss: epoch.loss, valLoss: epoch.valLoss ?? null };
  const previous = fits.get(runModelId);
  const last = previous?.curve.at(-1);
  const curve = previous && last && previous.label === label && epoch.n > last.epoch ? [...previous.curve, point] : [point];
  return new Map(fits).set(runModelId, { label, curve });
}

/** Where each running model is, from the events stream; other events leave the map as it is. */
export function withDetail(details: ReadonlyMap<string, ProgressDetail>, event: RunEvent): ReadonlyMap<string, ProgressDetail> {
  const { runModelId, phase, epoch } = event;
  if (event.type !== 'progress' || !runModelId || !phase) return details;
  return new Map(details).set(runModelId, { phase, ...(epoch && { epoch }) });
}

/** Where a running model is: the latest event's word, else what the API stored (a page opened mid-training). */
export function detailOf(entry: LeaderboardEntry, live: ReadonlyMap<string, ProgressDetail>): ProgressDetail | null {
  if (entry.status !== 'running') return null;
  return live.get(entry.runModelId) ?? entry.progressDetail ?? null;
}

/** A running model's status line: "backtest window 2 of 3 · epoch 5 of 40 · loss 0.1234, validation 0.2". */
export function liveStatus(detail: ProgressDetail, formatLoss: (loss: number) => string): string {
  const { epoch } = detail;
  if (!epoch) return progressLabel(detail);
  const validation = epoch.valLoss === undefined ? '' : `, validation ${formatLoss(epoch.valLoss)}`;
  return `${progressLabel(detail)} · loss ${formatLoss(epoch.loss)}${validation}`;
}

/**
 * The loss curve to draw for a model, with the fit it shows: the live one while it trains, its fit report's (the
 * final fit's first network, or the fit a cancel stopped) once it is saved.
 */
export function lossCurveOf(entry: LeaderboardEntry, live: ReadonlyMap<string, LabelledCurve>): LabelledCurve {
  const current = live.get(entry.runModelId);
  if (entry.status !== 'completed' && current?.curve.length) return current;
  const { report } = entry;
  if (report) {
    const fit = [phaseLabel(report.stoppedIn ?? { kind: 'final' }), ...(report.members > 1 ? ['network 1'] : []), ...(report.stoppedIn ? ['stopped'] : [])];
    return { label: fit.join(', '), curve: report.curve };
  }
  return current ?? { label: '', curve: [] };
}
