import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maseScale, smape } from './metrics';
import type { LivePoint } from '@foretell/contracts';
import { scoreArrivedActuals, type IssuedForecast } from './live-scores';

const forecast: IssuedForecast = {
  yhat: [10, 12, 14],
  origin: 4,
  intervals: { '80': { lo: [9, 11, 13], hi: [11, 13, 15] }, '95': { lo: [8, 10, 12], hi: [12, 14, 16] } },
  maseScale: 2,
};

describe('scoreArrivedActuals', () => {
  it('scores the steps whose actuals arrived, with the backtest\'s terms', () => {
    const values = [1, 2, 3, 4, 11, NaN, 20];
    const points = scoreArrivedActuals(forecast, values);
    expect(points).toEqual([
      { step: 0, actual: 11, forecast: 10, scaledError: 0.5, smape: smape([11], [10]), inside: { '80': true, '95': true } },
      { step: 2, actual: 20, forecast: 14, scaledError: 3, smape: smape([20], [14]), inside: { '80': false, '95': false } },
    ]);
  });

  it('scores nothing before the origin or past the horizon, and skips steps already scored', () => {
    expect(scoreArrivedActuals(forecast, [1, 2, 3, 4])).toEqual([]);
    const points = scoreArrivedActuals(forecast, [1, 2, 3, 4, 10, 12, 14, 16, 18], new Set([1]));
    expect(points.map((p) => p.step)).toEqual([0, 2]);
  });

  it('leaves the scaled error out where the fit\'s MASE scale cannot scale (a constant history)', () => {
    const flat = { ...forecast, maseScale: maseScale([5, 5, 5, 5], 1) };
    expect(scoreArrivedActuals(flat, [5, 5, 5, 5, 6])[0]).toMatchObject({ scaledError: null, smape: smape([6], [10]) });
  });

  // Appends reveal the actuals in any split and order (an append may also fill a gap left by an earlier one).
  it('ends with the same points however appends split and order the actuals, never scoring a step twice', () => {
    const horizon = 8;
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN));
    fc.assert(
      fc.property(
        fc.array(value, { minLength: horizon, maxLength: horizon }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: horizon, maxLength: horizon }),
        fc.array(fc.integer({ min: 0, max: horizon - 1 }), { maxLength: 3 * horizon }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (actuals, yhat, revealOrder, scale) => {
          const issued: IssuedForecast = { yhat, origin: 3, intervals: { '90': { lo: yhat.map((v) => v - 5), hi: yhat.map((v) => v + 5) } }, maseScale: scale };
          const history = [1, 2, 3];
          const all = scoreArrivedActuals(issued, [...history, ...actuals]);

          // The series as appends leave it: steps revealed so far carry their actual, the rest are gaps (NaN).
          const seen = [...history, ...actuals.map(() => NaN)];
          const stored = new Map<number, LivePoint>();
          let scoredTwice = false;
          for (const step of [...revealOrder, ...actuals.keys()]) {
            seen[history.length + step] = actuals[step]!;
            for (const point of scoreArrivedActuals(issued, seen, new Set(stored.keys()))) {
              if (stored.has(point.step)) scoredTwice = true;
              stored.set(point.step, point);
            }
          }
          expect(scoredTwice).toBe(false);
          expect([...stored.values()].sort((a, b) => a.step - b.step)).toEqual(all);
        },
      ),
      { numRuns: 300 },
    );
  });
});
