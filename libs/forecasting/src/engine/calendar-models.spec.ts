import { calendarSpecSchema } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { withCalendar } from '../calendar/calendar-covariates';
import { evaluateModel } from './evaluate-model';
import { restoreModel, createModel } from '../models/model-kinds';
import type { SeriesCovariates } from '../core/model';

/** Two years of daily demand: weekly shape, holidays (DE) 40% down, noise from a fixed generator. */
const start = new Date('2022-01-03T00:00:00Z');
const length = 730;
const h = 14;
const calendar = (horizon: number) =>
  withCalendar(undefined, [{ start, frequency: { unit: 'day', step: 1 }, length, horizon }], calendarSpecSchema.parse({ features: ['weekday'], holidays: 'DE' }));
const full = calendar(h);
const columns = full.used.columns;
const holiday = full.covariates[0].future[columns.indexOf('holiday')];
const saturday = full.covariates[0].future[columns.indexOf('weekday:sat')];
const sunday = full.covariates[0].future[columns.indexOf('weekday:sun')];
let seed = 1;
const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 4;
const truth = Float64Array.from({ length: length + h }, (_, t) => (100 - 30 * saturday[t] - 45 * sunday[t]) * (1 - 0.4 * holiday[t]) + noise());
const y = truth.subarray(0, length);
const fitCovariates: SeriesCovariates[] = [{ past: [], future: full.covariates[0].future.map((f) => f.subarray(0, length)) }];

describe.each(['calendar_regression', 'auto_arima'] as const)('%s with calendar covariates', (kind) => {
  it('forecasts the holidays and weekends of the horizon from the calendar alone', async () => {
    const model = createModel({ kind });
    await model.fit({ series: [y], season: 7, seed: 1, covariates: fitCovariates });
    const [f] = await model.predict(h, full.covariates);
    const plain = createModel({ kind });
    await plain.fit({ series: [y], season: 7, seed: 1 });
    const [g] = await plain.predict(h);
    const mae = (x: Float64Array) => x.reduce((s, v, k) => s + Math.abs(v - truth[length + k]), 0) / h;
    // The horizon (2024-01-03..16) holds two weekends: within the noise (±2) with the calendar, never worse without.
    expect(mae(f)).toBeLessThan(4);
    expect(mae(f)).toBeLessThanOrEqual(mae(g) + 0.5);
    model.dispose();
    plain.dispose();
  });

  it('restores to the same forecasts, and refuses to forecast without the covariates it was fitted with', async () => {
    const model = createModel({ kind });
    await model.fit({ series: [y], season: 7, seed: 1, covariates: fitCovariates });
    const [f] = await model.predict(h, full.covariates);
    const saved = model.save?.();
    expect(saved).toBeDefined();
    const restored = await restoreModel(JSON.parse(JSON.stringify(saved)));
    expect(Array.from((await restored.predict(h, full.covariates))[0])).toEqual(Array.from(f));
    await expect(model.predict(h)).rejects.toThrow(/needs them to forecast/);
    model.dispose();
    restored.dispose();
  });

  it('beats itself without the calendar on a backtest whose windows hold holidays', async () => {
    // Origins every 7 days over the last 10 weeks of the data (to 2024-01-02): German Unity Day, Christmas, Boxing Day
    // and New Year's Day fall inside windows.
    const series = [truth.subarray(0, length)];
    const covariates = calendar(h).covariates.map((c) => ({ past: [], future: c.future.map((f) => f.subarray(0, length + h)) }));
    const run = (withCal: boolean) =>
      evaluateModel({
        series,
        covariates: withCal ? covariates : undefined,
        horizon: h,
        season: 7,
        backtest: { windows: 10, step: 7 },
        model: { kind },
        levels: [80],
      });
    const [withCal, without] = [await run(true), await run(false)];
    expect(withCal.metrics.mase ?? Infinity).toBeLessThan((without.metrics.mase ?? 0) * 0.8);
  });
});

describe('calendar covariates in a backtest', () => {
  it('never carry the future of a window: poisoned actuals after an origin change no earlier window', async () => {
    const covariates = full.covariates;
    const run = (values: Float64Array) =>
      evaluateModel({ series: [values], covariates, horizon: h, season: 7, backtest: { windows: 3, step: 30 }, model: { kind: 'calendar_regression' }, levels: [80] });
    const clean = await run(Float64Array.from(y));
    const { cutoffs, yhat } = clean.perSeries[0].backtest;
    const poisoned = Float64Array.from(y);
    for (let t = cutoffs[1]; t < length; t++) poisoned[t] = 1e6;
    const dirty = await run(poisoned);
    expect(dirty.perSeries[0].backtest.yhat.slice(0, 2)).toEqual(yhat.slice(0, 2));
    expect(dirty.perSeries[0].backtest.yhat[2]).not.toEqual(yhat[2]);
  });
});

describe('auto_arima with future covariates (regression with ARIMA errors)', () => {
  it('recovers a known regression coefficient under AR(1) errors', async () => {
    // y = 50 + 8·x + e, e_t = 0.7 e_{t−1} + a_t: the forecast's response to x is the coefficient.
    let s = 7;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
    const n = 400;
    const x = Float64Array.from({ length: n + 2 }, (_, t) => (t % 5 === 0 || t % 11 === 0 ? 1 : 0));
    const e = new Float64Array(n);
    for (let t = 1; t < n; t++) e[t] = 0.7 * e[t - 1] + rand();
    const series = Float64Array.from({ length: n }, (_, t) => 50 + 8 * x[t] + e[t]);
    const model = createModel({ kind: 'auto_arima' });
    await model.fit({ series: [series], season: 1, seed: 1, covariates: [{ past: [], future: [x.subarray(0, n)] }] });
    const on = Float64Array.from(x);
    const off = Float64Array.from(x);
    on[n] = 1;
    off[n] = 0;
    const [withX] = await model.predict(1, [{ past: [], future: [on.subarray(0, n + 1)] }]);
    const [withoutX] = await model.predict(1, [{ past: [], future: [off.subarray(0, n + 1)] }]);
    expect(withX[0] - withoutX[0]).toBeCloseTo(8, 0);
    model.dispose();
  });

  it('is refused past covariates, which are not known for the horizon', async () => {
    const run = evaluateModel({
      series: [y],
      covariates: [{ past: [y], future: [] }],
      horizon: 7,
      season: 7,
      backtest: { windows: 1, step: 7 },
      model: { kind: 'auto_arima' },
    });
    await expect(run).rejects.toThrow(/reads only future covariates/);
  });
});
