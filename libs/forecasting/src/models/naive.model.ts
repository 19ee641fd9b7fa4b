import type { ForecastModel, TrainSet } from './model';
import { checkHorizon, copySeries, requireKnown } from './history';

/** Naive: every future value equals the last observed one (a random walk's forecast). */
export function naiveForecast(history: ArrayLike<number>, h: number): Float64Array {
  return new Float64Array(h).fill(history[requireKnown(history, 'naive')]);
}

export class NaiveModel implements ForecastModel {
  readonly kind = 'naive' as const;
  readonly capabilities = { global: false, covariates: false, nativeIntervals: false };
  private series: Float64Array[] | null = null;

  async fit(train: TrainSet): Promise<void> {
    this.series = copySeries(train.series);
  }

  async predict(h: number): Promise<Float64Array[]> {
    if (!this.series) throw new Error('naive: predict called before fit');
    return this.forecastFrom(this.series, h);
  }

  async forecastFrom(histories: readonly Float64Array[], h: number): Promise<Float64Array[]> {
    checkHorizon(h);
    return histories.map((s) => naiveForecast(s, h));
  }

  dispose(): void {
    this.series = null;
  }
}
