import { z } from 'zod';
import { lastKnownIndex, requireKnown } from '../core/history';
import { savedNumbers, saveNumbers } from '../core/saved-numbers';
import { LocalModel, type SeriesFit } from '../stats/local-model';

/** Naive: every future value equals the last observed one (a random walk's forecast). */
export function naiveForecast(history: ArrayLike<number>, h: number): Float64Array {
  return new Float64Array(h).fill(history[requireKnown(history, 'naive')]);
}

/** Saved state of the models that forecast from the end of the series itself: the tail they read. */
export const tailStateSchema = z.object({ tail: savedNumbers });

/** Naive on the local-model base: each series forecasts from its own last value. */
export class NaiveModel extends LocalModel {
  readonly kind = 'naive' as const;
  protected readonly params = {};
  protected override readonly stateSchema = tailStateSchema;

  protected fitSeries(y: Float64Array): SeriesFit {
    return naiveFit(y);
  }

  protected override restoreFit(state: unknown): SeriesFit {
    return naiveFit((state as z.infer<typeof tailStateSchema>).tail);
  }
}

/** Saves the series from its last known value on (the naive forecast reads nothing earlier). */
function naiveFit(y: Float64Array): SeriesFit {
  return {
    forecast: (h) => naiveForecast(y, h),
    forecastFrom: (history, h) => naiveForecast(history, h),
    save: () => {
      const last = lastKnownIndex(y);
      return { tail: saveNumbers(y.subarray(last >= 0 ? last : Math.max(0, y.length - 1))) };
    },
  };
}
