import { describe, expect, it } from 'vitest';
import { restoreModel } from './model-kinds';
import { SeasonalNaiveModel, seasonalNaivePeriod } from './seasonal-naive.model';
import { hourlyCycles, noise } from '../core/noise.fixture';

const hourly = (seed: number, weekly: boolean) => hourlyCycles(seed, { weekendStep: weekly ? 8 : 0, noiseScale: 1 });

describe('seasonal naive on the best detected period', () => {
  const weekly = hourly(3, true);
  const daily = hourly(4, false);

  it('repeats the last week of hourly data with a weekly cycle, the last day without one', async () => {
    expect(seasonalNaivePeriod(weekly, 24, [24, 168])).toBe(168);
    expect(seasonalNaivePeriod(daily, 24, [24, 168])).toBe(24);
    const model = new SeasonalNaiveModel();
    await model.fit({ series: [weekly, daily], season: 24, seasonalities: [24, 168], seed: 0 });
    const [a, b] = await model.predict(48);
    expect(Array.from(a)).toEqual(Array.from(weekly.subarray(900 - 168, 900 - 168 + 48)));
    expect(Array.from(b)).toEqual([...daily.subarray(900 - 24), ...daily.subarray(900 - 24)]);
  });

  it('keeps the run season where it is the only period (no candidates, or none detected)', async () => {
    expect(seasonalNaivePeriod(weekly, 24, [])).toBe(24);
    expect(seasonalNaivePeriod(noise(900, 1), 24, [24, 168])).toBe(24);
    const model = new SeasonalNaiveModel();
    await model.fit({ series: [weekly], season: 24, seed: 0 });
    const [f] = await model.predict(24);
    expect(Array.from(f)).toEqual(Array.from(weekly.subarray(900 - 24)));
  });

  it('saves the period of each series, so the restored model forecasts the same', async () => {
    const model = new SeasonalNaiveModel();
    await model.fit({ series: [weekly, daily], season: 24, seasonalities: [24, 168], seed: 0 });
    const restored = await restoreModel(JSON.parse(JSON.stringify(model.save())));
    const later = [hourly(3, true), hourly(4, false)].map((s) => s.subarray(0, 880));
    expect(await restored.predict(60)).toEqual(await model.predict(60));
    expect(await restored.forecastFrom?.(later, 60)).toEqual(await model.forecastFrom(later, 60));
  });
});
