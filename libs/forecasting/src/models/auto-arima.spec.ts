import { describe, expect, it } from 'vitest';
import { mae } from '../evaluation/metrics';
import { airlineTest as test, airlineTrain as train, forecastOne } from './forecast.fixture';
import { seasonalNaiveForecast } from './seasonal-naive.model';

const forecast = (series: ArrayLike<number>, h: number, season: number, params: Record<string, unknown> = {}) =>
  forecastOne('auto_arima', series, h, season, params);

describe('auto ARIMA', () => {
  it('beats seasonal naive on the last 12 months of the airline series', async () => {
    const f = await forecast(train, 12, 12);
    const baseline = mae(test, seasonalNaiveForecast(train, 12, 12));
    expect(mae(test, f)).toBeLessThan(0.7 * baseline);
  });

  it('forecasts constant, one-point, short and shorter-than-two-seasons series', async () => {
    for (const v of await forecast(new Float64Array(25).fill(7), 5, 12)) expect(v).toBeCloseTo(7, 9);
    expect(Array.from(await forecast([42], 3, 12))).toEqual([42, 42, 42]);
    for (const series of [[1, 2], [5, 3, 4], [10, 12, 11, 13, 14, 13], Array.from(train.subarray(0, 20))]) {
      const f = await forecast(series, 4, 12);
      expect(f.every(Number.isFinite)).toBe(true);
    }
  });

  it('handles negative values (no transformation needed) and an exhaustive search', async () => {
    const shifted = train.map((v) => v - 300);
    const f = await forecast(shifted, 12, 12);
    expect(f.every(Number.isFinite)).toBe(true);
    const baseline = mae(test.map((v) => v - 300), seasonalNaiveForecast(shifted, 12, 12));
    expect(mae(test.map((v) => v - 300), f)).toBeLessThan(baseline);
    const exhaustive = await forecast(train.subarray(0, 60), 6, 1, { stepwise: false, maxOrder: 3 });
    expect(exhaustive.every(Number.isFinite)).toBe(true);
  });
});

describe('auto ARIMA with a long seasonal period', () => {
  it('divides out a period beyond 52 before fitting and puts it back on the forecasts', async () => {
    const period = 60;
    const at = (i: number): number => (200 + 0.5 * i) * (1 + 0.25 * Math.sin((2 * Math.PI * i) / period));
    const y = Float64Array.from({ length: 300 }, (_, i) => at(i));
    const future = Float64Array.from({ length: period }, (_, k) => at(300 + k));
    const f = await forecast(y, period, period);
    const flat = await forecast(y, period, 1);
    expect(mae(future, f)).toBeLessThan(0.5 * mae(future, flat));
  });
});
