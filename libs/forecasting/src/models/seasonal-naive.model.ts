import { localArtifact, restoreLocalStates, type ModelArtifact } from './artifact';
import type { ForecastModel, TrainSet } from './model';
import { checkHorizon, copySeries, lastKnownIndex } from './history';
import { naiveForecast, tailStateSchema } from './naive.model';
import { saveNumbers } from './saved-numbers';

/**
 * Seasonal naive: each future value repeats the value one season earlier, ŷ_{n+k} = y_{n+k−m·⌈k/m⌉}.
 * With less than one full season of history (or m = 1) it is the naive forecast; a missing seasonal
 * reference takes the naive value for that step.
 */
export function seasonalNaiveForecast(history: ArrayLike<number>, h: number, m: number): Float64Array {
  const naive = naiveForecast(history, h);
  const n = history.length;
  if (m <= 1 || n < m) return naive;
  const out = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const v = history[n - m + (k % m)];
    out[k] = Number.isNaN(v) ? naive[k] : v;
  }
  return out;
}

export class SeasonalNaiveModel implements ForecastModel {
  readonly kind = 'seasonal_naive' as const;
  readonly capabilities = { global: false, covariates: false, nativeIntervals: false };
  private series: Float64Array[] | null = null;
  private season = 1;

  async fit(train: TrainSet): Promise<void> {
    this.series = copySeries(train.series);
    this.season = train.season;
  }

  async predict(h: number): Promise<Float64Array[]> {
    if (!this.series) throw new Error('seasonal_naive: predict called before fit');
    return this.forecastFrom(this.series, h);
  }

  async forecastFrom(histories: readonly Float64Array[], h: number): Promise<Float64Array[]> {
    checkHorizon(h);
    return histories.map((s) => seasonalNaiveForecast(s, h, this.season));
  }

  /**
   * Keeps each series' last season and its last known value (the fallback for a missing seasonal reference), so the
   * tail forecasts as the series did; a series shorter than a season is kept whole.
   */
  save(): ModelArtifact {
    if (!this.series) throw new Error('seasonal_naive: save called before fit');
    const tails = this.series.map((s) => {
      const last = lastKnownIndex(s);
      const start = Math.max(0, Math.min(s.length - this.season, last >= 0 ? last : s.length - 1));
      return { tail: saveNumbers(s.subarray(start)) };
    });
    return localArtifact(this.kind, {}, this.season, tails);
  }

  async restore(artifact: ModelArtifact): Promise<void> {
    this.series = restoreLocalStates(artifact, tailStateSchema).map((s) => s.tail);
    this.season = artifact.season;
  }

  dispose(): void {
    this.series = null;
  }
}
