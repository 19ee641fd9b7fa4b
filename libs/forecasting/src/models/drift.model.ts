import { z } from 'zod';
import { localArtifact, restoreLocalStates, type ModelArtifact } from '../core/artifact';
import type { ForecastModel, ModelCapabilities, TrainSet } from '../core/model';
import { checkHorizon, lastKnownIndex } from '../core/history';
import { saveNumber, savedNumber } from '../core/saved-numbers';

/** What the drift forecast reads of a history: its first and last known points and its length. */
interface DriftAnchors {
  first: number;
  firstValue: number;
  /** −1 when the history has no known value. */
  last: number;
  lastValue: number;
  length: number;
}

function anchorsOf(history: ArrayLike<number>): DriftAnchors {
  const last = lastKnownIndex(history);
  let first = 0;
  while (last >= 0 && Number.isNaN(history[first])) first++;
  const known = last >= 0;
  return { first, firstValue: known ? history[first] : NaN, last, lastValue: known ? history[last] : NaN, length: history.length };
}

function driftFrom(a: DriftAnchors, h: number): Float64Array {
  if (a.last < 0) throw new RangeError('drift: a series has no known value to forecast from');
  const slope = a.last > a.first ? (a.lastValue - a.firstValue) / (a.last - a.first) : 0;
  // Steps ahead count from the last known point, so a trailing gap is bridged by the same slope.
  const offset = a.length - 1 - a.last;
  const out = new Float64Array(h);
  for (let k = 0; k < h; k++) out[k] = a.lastValue + slope * (k + 1 + offset);
  return out;
}

/**
 * Drift: the naive forecast plus the average change per step over the history,
 * ŷ_{n+k} = y_n + k·(y_n − y_1)/(n − 1), using the first and last known values. One known value: naive.
 */
export function driftForecast(history: ArrayLike<number>, h: number): Float64Array {
  return driftFrom(anchorsOf(history), h);
}

const anchorsSchema = z.object({
  first: z.number().int().nonnegative(),
  firstValue: savedNumber,
  last: z.number().int().min(-1),
  lastValue: savedNumber,
  length: z.number().int().nonnegative(),
});

export class DriftModel implements ForecastModel {
  readonly kind = 'drift' as const;
  readonly capabilities: ModelCapabilities = { global: false, covariates: 'none', intervals: 'conformal' };
  private anchors: DriftAnchors[] | null = null;
  private season = 1;

  async fit(train: TrainSet): Promise<void> {
    this.anchors = train.series.map(anchorsOf);
    this.season = train.season;
  }

  async predict(h: number): Promise<Float64Array[]> {
    if (!this.anchors) throw new Error('drift: predict called before fit');
    checkHorizon(h);
    return this.anchors.map((a) => driftFrom(a, h));
  }

  async forecastFrom(histories: readonly Float64Array[], h: number): Promise<Float64Array[]> {
    checkHorizon(h);
    return histories.map((s) => driftForecast(s, h));
  }

  /** Keeps each series' first and last known points and its length. */
  save(): ModelArtifact {
    if (!this.anchors) throw new Error('drift: save called before fit');
    const states = this.anchors.map((a) => ({ ...a, firstValue: saveNumber(a.firstValue), lastValue: saveNumber(a.lastValue) }));
    return localArtifact(this.kind, {}, this.season, states);
  }

  async restore(artifact: ModelArtifact): Promise<void> {
    this.anchors = restoreLocalStates(artifact, anchorsSchema);
    this.season = artifact.season;
  }

  dispose(): void {
    this.anchors = null;
  }
}
