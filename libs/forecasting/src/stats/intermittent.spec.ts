import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adidaForecast,
  crostonForecast,
  demandIntervals,
  imapaForecast,
  optimalSesAlpha,
  sbaForecast,
  sesForecast,
  sesSse,
  tsbForecast,
} from './intermittent';

// Demand in periods 2, 5 and 7: sizes [3, 2, 4], intervals [2, 3, 2] (the first counted from the start).
const y = Float64Array.of(0, 3, 0, 0, 2, 0, 4);

describe('the intermittent-demand methods, against values worked by hand', () => {
  it('splits a series into intervals the way statsforecast does', () => {
    expect(Array.from(demandIntervals(y))).toEqual([2, 3, 2]);
  });

  it('Croston: SES(sizes) / SES(intervals) with α = 0.1', () => {
    // sizes: 3 → 0.1·2 + 0.9·3 = 2.9 → 0.1·4 + 0.9·2.9 = 3.01; intervals: 2 → 2.1 → 0.1·2 + 0.9·2.1 = 2.09.
    expect(crostonForecast(y, 0.1)).toBeCloseTo(3.01 / 2.09, 12);
  });

  it('SBA: Croston × (1 − α/2)', () => {
    expect(sbaForecast(y, 0.1)).toBeCloseTo((0.95 * 3.01) / 2.09, 12);
    expect(sbaForecast(y, 0.2)).toBeCloseTo(0.9 * crostonForecast(y, 0.2), 12);
  });

  it('TSB: SES of the demand probability every period times SES of the sizes', () => {
    // probability 0,1,0,0,1,0,1 from 0: 0.1, 0.09, 0.081, 0.1729, 0.15561, 0.240049; sizes 3.01 as above.
    expect(tsbForecast(y, 0.1, 0.1)).toBeCloseTo(0.240049 * 3.01, 12);
  });

  it('ADIDA: blocks of the rounded mean interval (7/3 → 2), the oldest point dropped, SES of the sums, per period', () => {
    // Blocks [3,0] [0,2] [0,4] → sums 3, 2, 4. The SSE of SES on them is 1 + (1 + α)², least at α = 0.1:
    // 3 → 2.9 → 3.01 per block of 2.
    expect(optimalSesAlpha(Float64Array.of(3, 2, 4))).toBeCloseTo(0.1, 9);
    expect(adidaForecast(y)).toBeCloseTo(3.01 / 2, 9);
  });

  it('IMAPA: the mean of the per-period forecasts at block sizes 1 … 2', () => {
    // Size 1 is SES of the series itself with its best α in [0.1, 0.3], found here by a plain grid search.
    let best = { alpha: 0, sse: Infinity };
    for (let a = 0.1; a <= 0.3 + 1e-12; a += 1e-5) {
      let level = y[0];
      let sse = 0;
      for (let i = 1; i < y.length; i++) {
        sse += (y[i] - level) ** 2;
        level = a * y[i] + (1 - a) * level;
      }
      if (sse < best.sse) best = { alpha: a, sse };
    }
    let level = y[0];
    for (let i = 1; i < y.length; i++) level = best.alpha * y[i] + (1 - best.alpha) * level;
    expect(imapaForecast(y)).toBeCloseTo((level + 3.01 / 2) / 2, 4);
  });

  it('SES starts its level at the first value, and its SSE scores one-step forecasts', () => {
    expect(sesForecast([5], 0.3)).toBe(5);
    expect(sesForecast([2, 4], 0.25)).toBeCloseTo(2.5, 12);
    // Forecasts 2, then 2.5: errors 2 and 0.5.
    expect(sesSse([2, 4, 3], 0.25)).toBeCloseTo(4 + 0.25, 12);
  });

  it('forecasts 0 for a series without demand, and Croston its last value where none is positive', () => {
    const zeros = new Float64Array(10);
    for (const f of [adidaForecast(zeros), imapaForecast(zeros), tsbForecast(zeros, 0.1, 0.1), crostonForecast(zeros, 0.1)]) {
      expect(f).toBe(0);
    }
  });

  it('TSB decays through a run of zeros where Croston stays put', () => {
    const stopped = Float64Array.of(5, 5, 5, 5, 0, 0, 0, 0, 0, 0);
    expect(crostonForecast(stopped, 0.1)).toBe(5);
    expect(tsbForecast(stopped, 0.1, 0.1)).toBeCloseTo(5 * 0.9 ** 6, 12);
  });
});

describe('the intermittent-demand methods, on any non-negative series', () => {
  const demand = fc
    .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 60 })
    .map((values) => Float64Array.from(values));
  const methods: [string, (s: Float64Array) => number][] = [
    ['croston', (s) => crostonForecast(s, 0.1)],
    ['croston optimised', (s) => crostonForecast(s, 'optimize')],
    ['sba', (s) => sbaForecast(s, 0.1)],
    ['tsb', (s) => tsbForecast(s, 0.2, 0.1)],
    ['adida', adidaForecast],
    ['imapa', imapaForecast],
  ];

  it.each(methods)('%s forecasts a finite value between 0 and the largest demand, and scales with the data', (_, method) => {
    fc.assert(
      fc.property(demand, fc.integer({ min: 2, max: 9 }), (series, factor) => {
        const f = method(series);
        const max = series.reduce((a, b) => Math.max(a, b), 0);
        expect(Number.isFinite(f)).toBe(true);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThanOrEqual(max + 1e-9);
        expect(Math.abs(method(series.map((v) => v * factor)) - f * factor)).toBeLessThanOrEqual(1e-6 * (1 + f * factor));
      }),
      { numRuns: 150 },
    );
  });
});
