import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineForecasts, evaluateEnsemble } from './ensemble';
import { evaluateModel } from './evaluate-model';

// A straight line y_t = 2t: drift is exact, naive lags by 2(k+1) at step k (k = 0, 1, 2).
const line = [Float64Array.from({ length: 30 }, (_, t) => 2 * t)];
const base = { series: line, horizon: 3, season: 1, backtest: { windows: 2, step: 1 } };

async function members() {
  return [
    { name: 'naive', evaluation: await evaluateModel({ ...base, model: { kind: 'naive' } }) },
    { name: 'drift', evaluation: await evaluateModel({ ...base, model: { kind: 'drift' } }) },
    { name: 'seasonal_naive', evaluation: await evaluateModel({ ...base, model: { kind: 'seasonal_naive' } }) },
  ];
}

describe('evaluateEnsemble', () => {
  it('averages the members point by point and rescores the combination', async () => {
    const ms = await members();
    expect(ms[0].evaluation.metrics.mae).toBe(4); // errors 2, 4, 6
    const ens = evaluateEnsemble({ ...base, members: ms.slice(0, 2), combine: 'mean' });
    // Mean of naive 2(c−1) and drift 2(c+k): errors k+1 → MAE 2.
    expect(ens.metrics.mae).toBeCloseTo(2, 12);
    // First origin c = 30 − 3 − 1 = 26: (2(c−1) + 2(c+k))/2 = 2c − 1 + k.
    expect(ens.perSeries[0].backtest.cutoffs).toEqual([26, 27]);
    expect(ens.perSeries[0].backtest.yhat[0]).toEqual([51, 52, 53]);
    expect(ens.members).toEqual(['drift', 'naive']);
  });

  it('keeps the top k by backtest error, and takes medians', async () => {
    const ms = await members();
    const best = evaluateEnsemble({ ...base, members: ms, combine: 'mean', topK: 1 });
    expect(best.members).toEqual(['drift']);
    expect(best.metrics.mae).toBe(0);
    // Naive and seasonal naive (m = 1) agree, so the median of the three is naive's forecast.
    const med = evaluateEnsemble({ ...base, members: ms, combine: 'median' });
    expect(Array.from(med.perSeries[0].forecast)).toEqual(Array.from(ms[0].evaluation.perSeries[0].forecast));
    expect(Object.keys(med.perSeries[0].intervals)).toEqual(['80', '95']);
  });

  it('refuses members backtested at different origins', async () => {
    const ms = await members();
    const other = await evaluateModel({ ...base, backtest: { windows: 2, step: 2 }, model: { kind: 'drift' } });
    expect(() =>
      evaluateEnsemble({ ...base, members: [ms[0], { name: 'drift2', evaluation: other }], combine: 'mean' }),
    ).toThrow(/different origins/);
  });
});

/** A member with hand-set backtests: `level` is its forecast everywhere, `errors[i][w]` its MASE at series i, window w. */
function stored(name: string, level: number, errors: number[][], cutoffs: number[], h: number) {
  return {
    name,
    evaluation: {
      perSeries: errors.map((row) => ({
        backtest: {
          cutoffs,
          yhat: cutoffs.map(() => Array.from({ length: h }, () => level)),
          metrics: row.map((mase) => ({ mase, smape: mase, mae: mase, rmse: mase })),
        },
        forecast: Float64Array.from({ length: h }, () => level),
      })),
    },
  };
}

describe('evaluateEnsemble: honest selection', () => {
  const h = 2;
  const series = [Float64Array.from({ length: 20 }, (_, t) => t % 3)];
  const cutoffs = [14, 16, 18]; // step = h: the windows' test points do not overlap

  it('chooses the members of each window on the other windows (nested), and the final ones on all', () => {
    // A is best on windows 0 and 1 and worst on the last; B only shines on the last.
    const a = stored('a', 1, [[0.1, 0.1, 9]], cutoffs, h);
    const b = stored('b', 2, [[5, 5, 0.01]], cutoffs, h);
    const c = stored('c', 3, [[1, 1, 1]], cutoffs, h);
    const ens = evaluateEnsemble({ series, horizon: h, season: 1, members: [a, b, c], combine: 'mean', topK: 1 });
    expect(ens.selection).toBe('nested-windows');
    // Window 2 is scored on what the windows before it chose (A), not on its own winner (B).
    expect(ens.perSeries[0].backtest.yhat[2]).toEqual([1, 1]);
    // Windows 0 and 1 choose on the others: mean of (0.1, 9) for A, (5, 0.01) for B, 1 for C → C.
    expect(ens.perSeries[0].backtest.yhat[0]).toEqual([3, 3]);
    // Final: A 3.07, B 3.34, C 1 → C.
    expect(ens.members).toEqual(['c']);
  });

  it('never lets the errors of the scored window choose its members (any errors, any window)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<'mean' | 'median'>('mean', 'median'),
        (errors, scored, replaced, topK, combine) => {
          const members = (e: number[][]) => e.map((row, m) => stored(`m${m}`, m * 10, [row], cutoffs, h));
          const changed = errors.map((row, m) => row.map((v, w) => (w === scored ? replaced[m] : v)));
          const run = (e: number[][]) => evaluateEnsemble({ series, horizon: h, season: 1, members: members(e), combine, topK });
          expect(run(changed).perSeries[0].backtest.yhat[scored]).toEqual(run(errors).perSeries[0].backtest.yhat[scored]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('chooses on the other series when windows overlap, and says when it can only choose in-sample', () => {
    const two = [series[0], series[0]];
    // One window: A is best on series 0, B on series 1.
    const a = stored('a', 1, [[0.1], [9]], [18], h);
    const b = stored('b', 2, [[9], [0.1]], [18], h);
    const ens = evaluateEnsemble({ series: two, horizon: h, season: 1, members: [a, b], combine: 'mean', topK: 1 });
    expect(ens.selection).toBe('nested-series');
    expect(ens.perSeries[0].backtest.yhat[0]).toEqual([2, 2]); // chosen on series 1: B
    expect(ens.perSeries[1].backtest.yhat[0]).toEqual([1, 1]);
    const one = evaluateEnsemble({ series, horizon: h, season: 1, members: [a, b].map((m) => ({ ...m, evaluation: { perSeries: m.evaluation.perSeries.slice(0, 1) } })), combine: 'mean', topK: 1 });
    expect(one.selection).toBe('in-sample');
    expect(one.warnings.join(' ')).toMatch(/optimistic/);
  });
});

describe('combineForecasts', () => {
  it('takes the mean or the median point by point, leaving out what a member could not forecast', () => {
    const f = [Float64Array.of(1, 10, NaN), Float64Array.of(2, 20, 5), Float64Array.of(6, 90, 7)];
    expect(Array.from(combineForecasts(f, 'mean'))).toEqual([3, 40, 6]);
    expect(Array.from(combineForecasts(f, 'median'))).toEqual([2, 20, 6]);
  });
});
