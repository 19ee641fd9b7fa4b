import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromScaled, logShiftOf, scaleSeries, toScaled } from './series-windows';

describe('value scales', () => {
  it('puts a series on the log scale only when it has no negative value, shifted by its smallest positive value where it has zeros', () => {
    expect(logShiftOf([3, 5, 2])).toBe(0);
    expect(logShiftOf([0, 4, 0, 1.5])).toBe(1.5);
    expect(logShiftOf([3, -1, 2])).toBeUndefined();
    expect(logShiftOf([0, 0])).toBeUndefined();
    expect(scaleSeries([1, -2, 3], 3, 'std', 'log').logShift).toBeUndefined();
    const counts = scaleSeries([0, 1, 3, 0, 7], 5, 'std', 'log');
    expect(counts.logShift).toBe(1);
  });

  it('takes the shift from the training part only (validation values do not leak into it)', () => {
    expect(scaleSeries([2, 4, 0, 5], 2, 'std', 'log').logShift).toBe(0);
  });

  it('brings any non-negative value back from its scaled units, on either scale', () => {
    const series = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 });
    fc.assert(
      fc.property(series, fc.constantFrom('linear' as const, 'log' as const), (values, scale) => {
        const scaled = scaleSeries(values, values.length, 'std', scale);
        for (const v of values) {
          const back = fromScaled(toScaled(v, scaled), scaled);
          // A value the scaled units cut (more than 10 scales below the mean) comes back at or under itself.
          expect(back).toBeLessThanOrEqual(v + 1e-6 * (1 + v));
          if (toScaled(v, scaled) > -10) expect(back).toBeCloseTo(v, 6 - Math.max(0, Math.ceil(Math.log10(1 + v))));
        }
      }),
    );
  });

  it('cuts scaled values only on the log scale: a linear outlier keeps its z-score, as toScaled gives it', () => {
    const values = Array.from({ length: 200 }, (_, t) => 100 + (t % 7));
    values[150] = -1e6;
    const scaled = scaleSeries(values, values.length, 'std', 'linear');
    expect(scaled.values[150]).toBeLessThan(-10);
    expect(scaled.values[150]).toBeCloseTo(Math.fround(toScaled(-1e6, scaled)), 3);
  });

  it('never forecasts below 0 on the log scale, and reads a new 0 or negative value without NaN', () => {
    const scaled = scaleSeries([5, 9, 3, 7], 4, 'std', 'log');
    expect(fromScaled(-1e6, scaled)).toBe(0);
    expect(Number.isFinite(fromScaled(1e6, scaled))).toBe(true);
    for (const v of [0, -4]) expect(Number.isFinite(toScaled(v, scaled))).toBe(true);
  });
});
