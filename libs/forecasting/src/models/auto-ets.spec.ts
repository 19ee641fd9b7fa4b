import { describe, expect, it } from 'vitest';
import { mae } from '../evaluation/metrics';
import { airlineTest as test, airlineTrain as train, forecastOne } from './forecast.fixture';
import { seasonalNaiveForecast } from './seasonal-naive.model';

const forecast = (series: ArrayLike<number>, h: number, season: number) => forecastOne('auto_ets', series, h, season);

describe('AutoETS', () => {
  it('beats seasonal naive on the last 12 months of the airline series', async () => {
    const f = await forecast(train, 12, 12);
    const baseline = mae(test, seasonalNaiveForecast(train, 12, 12));
    expect(mae(test, f)).toBeLessThan(0.7 * baseline);
  });

  it('forecasts constant, one-point and very short series', async () => {
    for (const v of await forecast(new Float64Array(25).fill(7), 5, 12)) expect(v).toBeCloseTo(7, 9);
    expect(Array.from(await forecast([42], 3, 1))).toEqual([42, 42, 42]);
    for (const series of [[1, 2], [5, 3, 4], [10, 12, 11, 13, 14, 13]]) {
      const f = await forecast(series, 4, 12);
      expect(f.every(Number.isFinite)).toBe(true);
    }
  });

  it('forecasts series shorter than two seasons (seasonal candidates start from a harmonic regression)', async () => {
    for (const n of [13, 20, 30]) {
      const f = await forecast(train.subarray(0, n), 12, 12);
      expect(f.every(Number.isFinite)).toBe(true);
      expect(Math.abs(f[0] - train[n - 1])).toBeLessThan(60);
    }
  });

  it('fits series with zeros and negatives with additive models only', async () => {
    const shifted = train.map((v) => v - 250);
    const f = await forecast(shifted, 12, 12);
    const g = await forecast(train, 12, 12);
    expect(f.every(Number.isFinite)).toBe(true);
    // Still a sensible seasonal forecast of the shifted data: within 30% of the level-adjusted original's error.
    expect(mae(test.map((v) => v - 250), f)).toBeLessThan(1.3 * mae(test, g) + 20);
  });

  it('adjusts out seasons longer than ets supports (m > 24) before fitting', async () => {
    const period = 30;
    const at = (i: number): number => (100 + i) * (1 + 0.3 * Math.sin((2 * Math.PI * i) / period));
    const y = Float64Array.from({ length: 150 }, (_, i) => at(i));
    const future = Float64Array.from({ length: period }, (_, k) => at(150 + k));
    const f = await forecast(y, period, period);
    const flat = await forecast(y, period, 1);
    expect(mae(future, f)).toBeLessThan(0.5 * mae(future, flat));
  });
});
