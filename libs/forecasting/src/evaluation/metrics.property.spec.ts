import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mae, mape, mase, maseScale, rmse, smape, wape } from './metrics';
import { windowMetrics } from './scoring';

const value = fc.double({ noNaN: true, noDefaultInfinity: true });
/** Actuals and forecasts of one length, any finite doubles (extremes included), with some actuals missing. */
const pairs = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(fc.array(fc.oneof(value, fc.constant(NaN)), { minLength: n, maxLength: n }), fc.array(value, { minLength: n, maxLength: n })),
);
const history = fc.array(value, { minLength: 0, maxLength: 20 });

describe('metrics, on generated finite inputs', () => {
  it('answer a finite number or refuse with NaN, never ±Infinity', () => {
    fc.assert(
      fc.property(pairs, history, fc.integer({ min: 1, max: 4 }), ([y, f], insample, m) => {
        for (const score of [mae(y, f), rmse(y, f), smape(y, f), mape(y, f), wape(y, f), mase(y, f, insample, m), maseScale(insample, m)]) {
          expect(Number.isNaN(score) || Number.isFinite(score)).toBe(true);
        }
        const window = windowMetrics(y, f, maseScale(insample, m));
        for (const score of Object.values(window)) expect(score === null || Number.isFinite(score)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('score a perfect forecast 0 whenever they score it at all', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 12 }), history, (y, insample) => {
        for (const score of [mae(y, y), rmse(y, y), smape(y, y), mase(y, y, insample, 1)]) expect(Number.isNaN(score) || score === 0).toBe(true);
        expect(mae(y, y)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never give a perfect MASE to an imperfect forecast (an infinite or zero scale is refused)', () => {
    fc.assert(
      fc.property(pairs, history, ([y, f], insample) => {
        const error = mae(y, f);
        if (error > 0) expect(mase(y, f, insample, 1)).not.toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('keep MASE and sMAPE unchanged when data and forecasts are scaled by a power of two', () => {
    // Multiples of 1/1000: no subnormal values, whose halving would underflow and change the ratios.
    const moderate = fc.integer({ min: -1e9, max: 1e9 }).map((i) => i / 1000);
    const series = (n: number) => fc.array(moderate, { minLength: n, maxLength: n });
    fc.assert(
      fc.property(series(6), series(6), series(10), fc.integer({ min: -20, max: 20 }), (y, f, insample, k) => {
        const c = 2 ** k; // exact in binary floating point, so the identities hold to the last bit
        const scaled = (a: number[]) => a.map((v) => v * c);
        const before = mase(y, f, insample, 1);
        const after = mase(scaled(y), scaled(f), scaled(insample), 1);
        if (Number.isNaN(before)) expect(after).toBeNaN();
        else expect(after).toBeCloseTo(before, 9);
        expect(smape(scaled(y), scaled(f))).toBeCloseTo(smape(y, f), 9);
      }),
      { numRuns: 500 },
    );
  });
});
