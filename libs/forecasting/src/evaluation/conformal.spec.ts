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
    expect(cal.pooledSteps['80']).toEqual([1]);
    expect(cal.quantiles['80'][1]).toBe(17); // pooled n = 20: ⌈21·0.8⌉ = 17th
    expect(cal.exact['80']).toBe(true);
  });

  it('builds ŷ ± q·scale', () => {
    expect(intervalFor([10, 20], [1, 2], 3)).toEqual({ lo: [7, 14], hi: [13, 26] });
  });
});
