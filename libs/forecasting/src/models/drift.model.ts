import { z } from 'zod';
import { lastKnownIndex } from '../core/history';
import { saveNumber, savedNumber } from '../core/saved-numbers';
import { LocalModel, type SeriesFit } from '../stats/local-model';

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

/** Drift on the local-model base: each series keeps its first and last known points and its length. */
export class DriftModel extends LocalModel {
  readonly kind = 'drift' as const;
  protected readonly params = {};
  protected override readonly stateSchema = anchorsSchema;

  protected fitSeries(y: Float64Array): SeriesFit {
    return driftFit(anchorsOf(y));
  }

  protected override restoreFit(state: unknown): SeriesFit {
    return driftFit(state as DriftAnchors);
  }
}

function driftFit(anchors: DriftAnchors): SeriesFit {
  return {
    forecast: (h) => driftFrom(anchors, h),
    forecastFrom: (history, h) => driftForecast(history, h),
    save: () => ({ ...anchors, firstValue: saveNumber(anchors.firstValue), lastValue: saveNumber(anchors.lastValue) }),
  };
}
