import { describe, expect, it } from 'vitest';
import { evaluateEnsemble } from './ensemble';
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
