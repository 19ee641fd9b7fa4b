import { z } from 'zod';
import { localArtifact, restoreLocalStates, type ModelArtifact } from '../core/artifact';
import type { ForecastModel, ModelCapabilities, TrainSet } from '../core/model';
import { checkHorizon, copySeries, lastKnownIndex, requireKnown } from '../core/history';
import { savedNumbers, saveNumbers } from '../core/saved-numbers';

/** Naive: every future value equals the last observed one (a random walk's forecast). */
export function naiveForecast(history: ArrayLike<number>, h: number): Float64Array {
  return new Float64Array(h).fill(history[requireKnown(history, 'naive')]);
}

/** Saved state of the models that forecast from the end of the series itself: the tail they read. */
export const tailStateSchema = z.object({ tail: savedNumbers });

export class NaiveModel implements ForecastModel {
  readonly kind = 'naive' as const;
  readonly capabilities: ModelCapabilities = { global: false, covariates: 'none', intervals: 'conformal' };
  private series: Float64Array[] | null = null;
  private season = 1;

  async fit(train: TrainSet): Promise<void> {
    this.series = copySeries(train.series);
    this.season = train.season;
  }

  async predict(h: number): Promise<Float64Array[]> {
    if (!this.series) throw new Error('naive: predict called before fit');
    return this.forecastFrom(this.series, h);
  }

  async forecastFrom(histories: readonly Float64Array[], h: number): Promise<Float64Array[]> {
    checkHorizon(h);
    return histories.map((s) => naiveForecast(s, h));
  }

  /** Keeps each series from its last known value on (the naive forecast reads nothing earlier). */
  save(): ModelArtifact {
    if (!this.series) throw new Error('naive: save called before fit');
    const tails = this.series.map((s) => {
      const last = lastKnownIndex(s);
      return { tail: saveNumbers(s.subarray(last >= 0 ? last : Math.max(0, s.length - 1))) };
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
