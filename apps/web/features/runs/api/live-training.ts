import type { LeaderboardEntry, RunEvent } from '@foretell/contracts';

export interface EpochPoint {
  epoch: number;
  loss: number;
  valLoss: number | null;
}

/** What the events stream said about one neural model's training so far. */
export interface LiveFit {
  epoch: number;
  epochs: number | null;
  /** Losses of the network training now; a fit that starts over (next backtest window, ensemble member) resets it. */
  curve: EpochPoint[];
}

/** Adds a progress event's epoch to the model's live fit; other events leave the map as it is. */
export function withEpoch(fits: ReadonlyMap<string, LiveFit>, event: RunEvent): ReadonlyMap<string, LiveFit> {
  const { runModelId, epoch, loss } = event;
  if (!runModelId || epoch === undefined || loss === undefined) return fits;
  const point: EpochPoint = { epoch, loss, valLoss: event.valLoss ?? null };
  const previous = fits.get(runModelId)?.curve ?? [];
  const last = previous.at(-1);
  // An epoch number not after the last one means a new network started training.
  const curve = last && epoch > last.epoch ? [...previous, point] : [point];
  return new Map(fits).set(runModelId, { epoch, epochs: event.epochs ?? null, curve });
}

/** The loss curve to draw for a model: the live one while it trains, its fit report's once it is saved. */
export function lossCurveOf(entry: LeaderboardEntry, live: ReadonlyMap<string, LiveFit>): EpochPoint[] {
  const current = live.get(entry.runModelId)?.curve;
  if (entry.status !== 'completed' && current?.length) return current;
  return entry.report?.curve ?? current ?? [];
}
