import { describe, expect, it } from 'vitest';
import { floorAtZero, isNonNegative } from '../core/non-negative';
import { evaluateEnsemble } from './ensemble';
import { evaluateModel } from './evaluate-model';

// A drop from 600, then a slow fall to 2: drift (the mean slope, −20 a step) runs below 0 from every origin.
const falling = Float64Array.from({ length: 30 }, (_, t) => (t === 0 ? 600 : 60 - 2 * t));
const withNegative = Float64Array.from(falling, (v, t) => (t === 3 ? -1 : v));
const plan = { horizon: 6, season: 1, backtest: { windows: 2, step: 6 } };
const flat = (values: ArrayLike<number>[]) => values.flatMap((v) => Array.from(v));

describe("the engine's range rule: a non-negative history is forecast at 0 or above", () => {
  it('floors every model’s forecasts, backtests and interval bounds at 0, and says so', async () => {
    const drift = await evaluateModel({ ...plan, series: [falling, withNegative], seriesNames: ['falling', 'with-negative'], model: { kind: 'drift' } });
    const [floored, free] = drift.perSeries;
    expect(Array.from(floored.forecast)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Math.min(...flat(floored.backtest.yhat))).toBe(0);
    for (const { lo, hi } of Object.values(floored.intervals)) expect(Math.min(...lo, ...hi)).toBe(0);
    expect(drift.warnings).toContain(
      'forecasts below 0 raised to 0 on 1 series ("falling") whose history has no negative value (the engine\'s rule for every model)',
    );
    // A history with a negative value keeps the model's own forecasts, below 0 included.
    expect(free.forecast[5]).toBeLessThan(-100);
    expect(Math.min(...flat(free.backtest.yhat))).toBeLessThan(0);
  });

  it('leaves forecasts that stay above 0 as they are, without a warning', async () => {
    const naive = await evaluateModel({ ...plan, series: [falling], model: { kind: 'naive' } });
    expect(Array.from(naive.perSeries[0].forecast)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(naive.warnings.filter((w) => w.includes('raised to 0'))).toEqual([]);
  });

  it("floors an ensemble's interval bounds too", async () => {
    const members = await Promise.all(
      (['drift', 'naive'] as const).map(async (kind) => ({ name: kind, evaluation: await evaluateModel({ ...plan, series: [falling], model: { kind } }) })),
    );
    const ensemble = evaluateEnsemble({ series: [falling], horizon: 6, season: 1, members, combine: 'mean' });
    for (const { lo } of Object.values(ensemble.perSeries[0].intervals)) expect(Math.min(...lo)).toBe(0);
  });

  it('judges a history by its known values and keeps missing forecasts missing', () => {
    expect(isNonNegative([NaN, 0, 3])).toBe(true);
    expect(isNonNegative([NaN, NaN])).toBe(false);
    expect(isNonNegative([2, -0.5, 3])).toBe(false);
    expect(Array.from(floorAtZero([-2, NaN, 1.5]))).toEqual([0, NaN, 1.5]);
  });
});
