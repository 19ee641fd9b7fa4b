import type { ForecastModel, TrainSet } from './model';
import { checkHorizon, copySeries, requireKnown } from './history';

/**
 * Drift: the naive forecast plus the average change per step over the history,
 * ŷ_{n+k} = y_n + k·(y_n − y_1)/(n − 1), using the first and last known values. One known value: naive.
 */
export function driftForecast(history: ArrayLike<number>, h: number): Float64Array {
  const last = requireKnown(history, 'drift');
  let first = 0;
  while (Number.isNaN(history[first])) first++;
  const slope = last > first ? (history[last] - history[first]) / (last - first) : 0;
  // Steps ahead count from the last known point, so a trailing gap is bridged by the same slope.
  const offset = history.length - 1 - last;
  const out = new Float64Array(h);
  for (let k = 0; k < h; k++) out[k] = history[last] + slope * (k + 1 + offset);
  return out;
}

export class DriftModel implements ForecastModel {
  readonly kind = 'drift' as const;
  readonly capabilities = { global: false, covariates: false, nativeIntervals: false };
  private series: Float64Array[] | null = null;

  async fit(train: TrainSet): Promise<void> {
    this.series = copySeries(train.series);
  }

  async predict(h: number): Promise<Float64Array[]> {
    if (!this.series) throw new Error('drift: predict called before fit');
    return this.forecastFrom(this.series, h);
  }

  async forecastFrom(histories: readonly Float64Array[], h: number): Promise<Float64Array[]> {
    checkHorizon(h);
    return histories.map((s) => driftForecast(s, h));
  }

  dispose(): void {
    this.series = null;
  }
}
