import type { StoredBacktest } from '@foretell/contracts';

/**
 * A series' backtest as saved with its run: with each window's actuals read now, from the values the model was
 * scored against, so that an append filling a missing value later never changes what the backtest shows.
 */
export function storedBacktest(values: Float64Array, backtest: { cutoffs: number[]; yhat: number[][] }): StoredBacktest {
  return {
    ...backtest,
    actual: backtest.cutoffs.map((cutoff, w) =>
      (backtest.yhat[w] ?? []).map((_, k) => {
        const v = values[cutoff + k];
        return v === undefined || Number.isNaN(v) ? null : v;
      }),
    ),
  };
}
