import type { ModelKind } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { mae, mase, maseScale, rmse, smape } from '../evaluation/metrics';
import { windowMetrics } from '../evaluation/scoring';
import { evaluateModel } from './evaluate-model';

const plan = { horizon: 3, season: 4, backtest: { windows: 2, step: 3 } };
const cheap: ModelKind[] = ['naive', 'drift', 'theta', 'auto_ets', 'auto_arima'];

describe('the engine never scores non-finite values', () => {
  // Before: each of these "completed" with MASE 0, the in-sample scale being infinite.
  it.each(cheap)('refuses a series holding Infinity (%s), naming the series and the point', async (kind) => {
    const series = [
      Float64Array.from({ length: 30 }, (_, t) => 10 + (t % 4)),
      Float64Array.from({ length: 30 }, (_, t) => (t === 12 ? Infinity : 10 + (t % 4))),
    ];
    await expect(evaluateModel({ series, ...plan, model: { kind } })).rejects.toThrow(
      new RangeError('series 2 holds Infinity at point 13: only finite numbers can be modelled (NaN marks a missing value); fix or remove that value'),
    );
  });

  // Values near the largest double: finite, but every difference between them overflows.
  const extreme = [Float64Array.from({ length: 30 }, (_, t) => (t % 2 ? 1.7e308 : -1.7e308))];

  it('fails a model whose final forecast is not finite, with a reason (drift forecast Infinity and completed)', async () => {
    await expect(evaluateModel({ series: extreme, ...plan, model: { kind: 'drift' } })).rejects.toThrow(
      /^model "drift" forecast Infinity for series 1 at step 1 \(backtest window 1 of 2\): its values are too extreme for this model/,
    );
  });

  it('fails a model whose forecasts are NaN (auto_arima completed with NaN forecasts and no metrics)', async () => {
    const error = await evaluateModel({ series: extreme, ...plan, model: { kind: 'auto_arima' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^model "auto_arima" forecast NaN for series 1 at step 1/);
  });
});

describe('metrics refuse (NaN) instead of scoring non-finite inputs', () => {
  it('MASE is NaN, not a perfect 0, when the in-sample scale is infinite', () => {
    expect(maseScale([1, Infinity, 2, 3], 1)).toBeNaN();
    expect(maseScale([-1.7e308, 1.7e308, -1.7e308], 1)).toBeNaN(); // each difference overflows
    expect(mase([1, 2], [1.5, 2.5], [1, Infinity, 2, 3], 1)).toBeNaN();
    expect(mase([1, 2], [1.5, 2.5], [5, 5, 5], 1)).toBeNaN(); // zero scale: no finite score
  });

  it('MAE, RMSE and sMAPE are NaN when an actual or a forecast is infinite or the error overflows', () => {
    for (const metric of [mae, rmse, smape]) {
      expect(metric([1, 2], [1, Infinity])).toBeNaN();
      expect(metric([1, -Infinity], [1, 2])).toBeNaN();
    }
    expect(rmse([1.5e200], [-1.5e200])).toBeNaN(); // the square overflows
  });

  it('a window with an infinite MASE denominator gets no MASE, not 0', () => {
    expect(windowMetrics([1, 2], [1, 2], Infinity).mase).toBeNull();
  });
});

describe('values a model cannot fit: a reason the user can act on, naming the series', () => {
  // Finite, but the squared errors of an exponential-smoothing fit overflow: the optimizer had no finite start and
  // failed with "nelder-mead: objective is not finite at the starting point".
  const spread = [
    Float64Array.from({ length: 30 }, (_, t) => 10 + (t % 4)),
    Float64Array.from({ length: 30 }, (_, t) => (t === 5 ? 1e300 : 1 + (t % 4))),
  ];
  const seriesNames = ['north', 'south'];

  // auto_ets completed on them (a multiplicative-error fit, MAE 2.7e298) where every additive one overflowed.
  it.each(['theta', 'ses', 'holt', 'damped', 'auto_ets'] as const)('fails %s at once with a reason and the series key', async (kind) => {
    const error = await evaluateModel({ series: spread, seriesNames, ...plan, model: { kind } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(
      new RegExp(`^model "${kind}" cannot be fitted to series "south": its values are too large or span too many orders of magnitude \\(up to 1e\\+300\\).*; rescale`),
    );
  });

  it('still forecasts with the models that can fit such values, scoring them on the other series only', async () => {
    for (const kind of ['naive', 'seasonal_naive', 'auto_arima'] as const) {
      const result = await evaluateModel({ series: spread, seriesNames, ...plan, model: { kind } });
      expect(result.perSeries).toHaveLength(2);
      expect(result.perSeries[1].forecast.every(Number.isFinite)).toBe(true);
      // Naive's MASE was 1.8e-299 (a scale swollen by 1e300 beside errors of 1): metrics no ranking can trust.
      expect(result.perSeries[1].metrics).toBeNull();
      expect(result.perSeries[1].backtest.metrics).toEqual([null, null]);
      const alone = await evaluateModel({ series: spread.slice(0, 1), ...plan, model: { kind } });
      expect(result.metrics).toEqual(alone.metrics);
      expect(result.warnings).toContainEqual(expect.stringMatching(/^1 series left out of the metrics: its values are too large or span too many orders of magnitude .*; rescale/));
    }
  });

  it('leaves out a series whose values span more than float64 can add (1e20 beside 1), not only overflowing ones', async () => {
    const wide = [spread[0], Float64Array.from({ length: 30 }, (_, t) => (t === 5 ? 1e20 : 1 + (t % 4)))];
    const result = await evaluateModel({ series: wide, ...plan, model: { kind: 'naive' } });
    expect(result.perSeries[1].metrics).toBeNull();
    // Ordinary data keeps every series: a wide but representable range, zeros, negatives.
    const ordinary = [Float64Array.from({ length: 30 }, (_, t) => (t % 3 === 0 ? 0 : t % 2 ? -1e6 * t : 0.001 * t))];
    expect((await evaluateModel({ series: ordinary, ...plan, model: { kind: 'naive' } })).perSeries[0].metrics).not.toBeNull();
  });

  it('names series by their keys when it has them, by their 1-based position otherwise', async () => {
    const series = [Float64Array.from({ length: 30 }, (_, t) => 10 + (t % 4)), Float64Array.from({ length: 30 }, (_, t) => (t === 12 ? -Infinity : t))];
    await expect(evaluateModel({ series, seriesNames: ['a', 'b "2"'], ...plan, model: { kind: 'naive' } })).rejects.toThrow(
      /^series "b \\"2\\"" holds -Infinity at point 13/,
    );
    await expect(evaluateModel({ series: extremeNamed, seriesNames: ['x'], ...plan, model: { kind: 'drift' } })).rejects.toThrow(
      /^model "drift" forecast Infinity for series "x" at step 1/,
    );
  });
});

const extremeNamed = [Float64Array.from({ length: 30 }, (_, t) => (t % 2 ? 1.7e308 : -1.7e308))];
