import { describe, expect, it } from 'vitest';
import { mase } from '../evaluation/metrics';
import { seasonalNaiveForecast } from './seasonal-naive.model';
import { restoreModel } from './model-kinds';
import { MstlModel } from './mstl.model';
import { noise } from '../core/noise.fixture';

/** 900 hours: trend, a daily sine, a weekday/weekend step and noise. */
function hourly(seed: number): Float64Array {
  const e = noise(900, seed);
  return Float64Array.from(
    { length: 900 },
    (_, t) => 100 + 0.02 * t + 10 * Math.sin((2 * Math.PI * t) / 24) + 6 * (Math.floor(t / 24) % 7 >= 5 ? -1 : 0.4) + 2 * e[t],
  );
}

describe('mstl model', () => {
  const series = [hourly(1), hourly(2), hourly(3)];
  const train = series.map((s) => s.subarray(0, 852));
  const test = series.map((s) => s.subarray(852));

  it.each(['auto_ets', 'theta'] as const)('beats seasonal naive on daily + weekly hourly data (adjusted by %s)', async (adjustedModel) => {
    const model = new MstlModel({ adjustedModel });
    await model.fit({ series: train, season: 24, seasonalities: [24, 168], seed: 0 });
    const forecasts = await model.predict(48);
    forecasts.forEach((f, i) => {
      const ours = mase(test[i], f, train[i], 24);
      const daily = mase(test[i], seasonalNaiveForecast(train[i], 48, 24), train[i], 24);
      const weekly = mase(test[i], seasonalNaiveForecast(train[i], 48, 168), train[i], 24);
      expect(ours).toBeLessThan(Math.min(daily, weekly));
    });
  });

  it('forecasts as saved after restoring, from the fitted end and from later origins', async () => {
    const model = new MstlModel();
    await model.fit({ series: train, season: 24, seasonalities: [24, 168], seed: 0 });
    const restored = await restoreModel(JSON.parse(JSON.stringify(model.save())));
    const later = series.map((s) => s.subarray(0, 876));
    expect(await restored.predict(48)).toEqual(await model.predict(48));
    expect(await restored.forecastFrom?.(later, 24)).toEqual(await model.forecastFrom(later, 24));
  });
});
