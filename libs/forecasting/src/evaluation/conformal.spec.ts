import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calibrate, conformalQuantile, intervalFor } from './conformal';

describe('conformal calibration', () => {
  it('takes the ⌈(n+1)·level⌉-th smallest score', () => {
    const scores = [5, 1, 4, 2, 3, 9, 8, 7, 6, 10]; // n = 10
    expect(conformalQuantile(scores, 80)).toEqual({ q: 9, exact: true }); // ⌈8.8⌉ = 9th
    expect(conformalQuantile(scores, 50)).toEqual({ q: 6, exact: true }); // ⌈5.5⌉ = 6th
    expect(conformalQuantile(scores, 95)).toEqual({ q: 10, exact: false }); // needs the 11th
    expect(conformalQuantile([], 80).q).toBeNaN();
    expect(() => conformalQuantile(scores, 100)).toThrow(/level/);
  });

  it('falls back to scores pooled over steps where a step has too few', () => {
    const byStep = [Array.from({ length: 19 }, (_, i) => i + 1), [100]];
    const cal = calibrate(byStep, [80]);
    expect(cal.quantiles['80'][0]).toBe(16); // ⌈20·0.8⌉
    expect(cal.pooledSteps).toEqual([1]);
    expect(cal.quantiles['80'][1]).toBe(17); // pooled n = 20: ⌈21·0.8⌉ = 17th
    expect(cal.exact['80']).toBe(true);
  });

  it('builds ŷ ± q·scale', () => {
    expect(intervalFor([10, 20], [1, 2], 3)).toEqual({ lo: [7, 14], hi: [13, 26] });
  });

  it('nests the levels where a step has too few scores for the higher one (7 series, 2 windows: 14 a step)', () => {
    // Errors growing with the lead time, as a random walk's do: the late steps' own 80% quantile exceeds the 95%
    // quantile of every step's scores pooled, which is where an inside-out 95% interval came from.
    const byStep = Array.from({ length: 24 }, (_, k) => Array.from({ length: 14 }, (_, j) => (k + 1) * (j + 1)));
    const cal = calibrate(byStep, [80, 95]);
    for (let k = 0; k < 24; k++) expect(cal.quantiles['95'][k]).toBeGreaterThanOrEqual(cal.quantiles['80'][k]);
    // The wider sample still grows with the lead time.
    expect(cal.quantiles['95'][23]).toBeGreaterThan(cal.quantiles['95'][0]);
  });

  it('gives quantiles monotone in the level at every step, whatever the scores', () => {
    const scores = fc.array(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 30 }), { minLength: 1, maxLength: 12 });
    const levels = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 2, maxLength: 5 });
    fc.assert(
      fc.property(scores, levels, (byStep, levelList) => {
        const cal = calibrate(byStep, levelList);
        const ascending = [...levelList].sort((a, b) => a - b);
        for (let k = 0; k < byStep.length; k++) {
          for (let j = 1; j < ascending.length; j++) {
            const lower = cal.quantiles[String(ascending[j - 1])][k];
            const higher = cal.quantiles[String(ascending[j])][k];
            // Both NaN where no step has a score at all.
            if (Number.isNaN(lower)) expect(higher).toBeNaN();
            else expect(higher).toBeGreaterThanOrEqual(lower);
          }
        }
      }),
    );
  });
});
