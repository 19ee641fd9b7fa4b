import { describe, expect, it } from 'vitest';
import { rankBy } from './ranking';

describe('rankBy', () => {
  it('ranks lower first, shares ties, leaves missing metrics unranked', () => {
    const m = (mase: number | null) => ({ metrics: { smape: 1, mase, mae: 1, rmse: 1 } });
    expect(rankBy([m(2), m(1), m(null), m(2), { metrics: null }], 'mase')).toEqual([2, 1, null, 2, null]);
  });
});
