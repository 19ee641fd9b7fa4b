import { describe, expect, it } from 'vitest';
import { coverage, mae, mape, mase, maseScale, owa, perStep, pinball, rmse, smape, wape } from './metrics';

// Values checked by hand: y = [10, 20, 30], ŷ = [12, 18, 33]; errors 2, 2, 3.
const y = [10, 20, 30];
const f = [12, 18, 33];

describe('metrics', () => {
  it('MAE, RMSE', () => {
    expect(mae(y, f)).toBeCloseTo(7 / 3, 12);
    expect(rmse(y, f)).toBeCloseTo(Math.sqrt(17 / 3), 12);
  });

  it('MAPE and WAPE in percent', () => {
    expect(mape(y, f)).toBeCloseTo((100 * (0.2 + 0.1 + 0.1)) / 3, 12);
    expect(wape(y, f)).toBeCloseTo((100 * 7) / 60, 12);
  });

  it('sMAPE with the M4 definition', () => {
    // 200/3 · (2/22 + 2/38 + 3/63)
    expect(smape(y, f)).toBeCloseTo((200 / 3) * (2 / 22 + 2 / 38 + 3 / 63), 12);
    expect(smape([0], [0])).toBe(0);
    expect(smape([1], [-1])).toBe(200);
  });

  it('MASE scales by the in-sample seasonal naive MAE', () => {
    const insample = [1, 2, 4, 8, 6]; // lag 2 diffs: 3, 6, 2 → mean 11/3; lag 1: 1, 2, 4, 2 → 9/4
    expect(maseScale(insample, 2)).toBeCloseTo(11 / 3, 12);
    expect(maseScale(insample, 1)).toBeCloseTo(9 / 4, 12);
    expect(mase(y, f, insample, 2)).toBeCloseTo(7 / 3 / (11 / 3), 12);
    expect(maseScale([5], 1)).toBeNaN();
  });

  it('OWA relative to Naive2', () => {
    expect(owa({ smape: 9.161, mase: 2.777 }, { smape: 9.161, mase: 2.777 })).toBe(1);
    expect(owa({ smape: 5, mase: 3 }, { smape: 10, mase: 2 })).toBeCloseTo(0.5 * (0.5 + 1.5), 12);
  });

  it('coverage and pinball loss', () => {
    expect(coverage([1, 2, 3, 4], [0, 2.5, 2, 0], [2, 3, 4, 3])).toBe(0.5);
    // tau 0.9: y=10,q=8 → 0.9·2 = 1.8; y=10,q=12 → 0.1·2 = 0.2
    expect(pinball([10, 10], [8, 12], 0.9)).toBeCloseTo(1, 12);
    expect(() => pinball([1], [1], 1)).toThrow(RangeError);
  });

  it('skips missing actuals but not missing forecasts', () => {
    expect(mae([1, NaN, 3], [2, 100, 5])).toBe(1.5);
    expect(mae([1, 2], [1, NaN])).toBeNaN();
    expect(mae([NaN], [1])).toBeNaN();
    expect(() => mae([1, 2], [1])).toThrow(/differ in length/);
  });

  it('per horizon step, across windows', () => {
    const ys = [y, [10, 10, 10]];
    const fs = [f, [11, 10, 14]];
    expect(perStep(ys, fs, mae)).toEqual([1.5, 1, 3.5]);
  });
});

describe('PrefixScales', () => {
  it('matches maseScale on every prefix, skipping NaN', async () => {
    const { PrefixScales } = await import('./scoring.js');
    const values = [3, 1, NaN, 4, 1, 5, 9, 2, 6, 5];
    const scales = new PrefixScales(values, 2);
    for (let c = 0; c <= values.length; c++) {
      const expected = maseScale(values.slice(0, c), 2);
      if (Number.isNaN(expected)) expect(scales.mase(c)).toBeNaN();
      else expect(scales.mase(c)).toBeCloseTo(expected, 12);
    }
    expect(new PrefixScales([2, 2, 2], 1).robust(3)).toBe(2); // constant: falls back to the mean level
  });
});
