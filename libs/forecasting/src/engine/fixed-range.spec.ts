import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { mae } from '../evaluation/metrics';
import { evaluateModel } from './evaluate-model';

describe('fixed test range without refitting (ETTh2 OT, the published 11520–14399 test split)', () => {
  const ot = readColumn('ETTh2.csv', 7);

  it('forecasts from every stride-1 origin whose horizon fits in the range', async () => {
    const h = 96;
    const result = await evaluateModel({
      series: [ot],
      horizon: h,
      season: 24,
      backtest: { testStart: 11520, testEnd: 14400, stride: 1, trainEnd: 8640, refit: false },
      model: { kind: 'seasonal_naive' },
      levels: [90],
    });
    const { cutoffs, yhat } = result.perSeries[0].backtest;
    expect(cutoffs).toHaveLength(14400 - h - 11520 + 1);
    expect(cutoffs[0]).toBe(11520);
    expect(cutoffs.at(-1)).toBe(14400 - h);
    // Seasonal naive from origin c repeats the 24 hours before c.
    const w = 1000;
    const c = cutoffs[w];
    expect(yhat[w].slice(0, 24)).toEqual(Array.from(ot.subarray(c - 24, c)));
    // MAE is the mean over windows of each window's MAE.
    const expected = cutoffs.reduce((s, cut, i) => s + mae(ot.subarray(cut, cut + h), yhat[i]), 0) / cutoffs.length;
    expect(result.metrics.mae).toBeCloseTo(expected, 10);
    expect(result.warnings).toEqual([]);
  });
});
