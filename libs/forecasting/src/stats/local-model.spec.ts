import { describe, expect, it } from 'vitest';
import { cleanSeries, LocalModel, type SeriesFit } from './local-model';

/** A local model that forecasts the last value and records what it was given. */
class LastValueModel extends LocalModel {
  readonly kind = 'naive2' as const;
  protected readonly params = {};
  readonly seen: Float64Array[] = [];

  protected fitSeries(y: Float64Array): SeriesFit {
    this.seen.push(y);
    return { forecast: (h) => new Float64Array(h).fill(y[y.length - 1]) };
  }
}

describe('cleanSeries', () => {
  it('drops leading gaps, interpolates interior ones and carries the last value over trailing ones', () => {
    expect(Array.from(cleanSeries(Float64Array.of(NaN, NaN, 1, NaN, 3, NaN), 0, 'x'))).toEqual([1, 2, 3, 3]);
  });

  it('names the series that has nothing to fit', () => {
    expect(() => cleanSeries(Float64Array.of(NaN, NaN), 4, 'theta')).toThrow('theta: series #5 has no known values');
  });
});

describe('LocalModel', () => {
  it('fits each series on its own, cleaned, and refits for histories it cannot extend', async () => {
    const model = new LastValueModel();
    await model.fit({ series: [Float64Array.of(NaN, 2, NaN, 4), Float64Array.of(7)], season: 1, seed: 0 });
    expect(model.seen.map((s) => Array.from(s))).toEqual([[2, 3, 4], [7]]);
    expect((await model.predict(2)).map((f) => Array.from(f))).toEqual([
      [4, 4],
      [7, 7],
    ]);
    const later = await model.forecastFrom([Float64Array.of(NaN, 2, NaN, 4, 9), Float64Array.of(7, 1)], 1);
    expect(later.map((f) => f[0])).toEqual([9, 1]);
  });

  it('rejects a bad seasonal period, a bad horizon, predict before fit, and mismatched histories', async () => {
    const model = new LastValueModel();
    await expect(model.predict(3)).rejects.toThrow(/before fit/);
    await expect(model.fit({ series: [Float64Array.of(1)], season: 0, seed: 0 })).rejects.toThrow(/seasonal period/);
    await model.fit({ series: [Float64Array.of(1)], season: 1, seed: 0 });
    await expect(model.predict(0)).rejects.toThrow(/horizon/);
    await expect(model.forecastFrom([], 2)).rejects.toThrow(/fitted 1 series but got 0/);
  });

  it('stops when the run is cancelled and reports progress to the end', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = new LastValueModel();
    await expect(
      model.fit({ series: [Float64Array.of(1)], season: 1, seed: 0 }, { signal: controller.signal }),
    ).rejects.toThrow(/cancelled/);
    const fractions: number[] = [];
    const series = [Float64Array.of(1), Float64Array.of(2)];
    await model.fit({ series, season: 1, seed: 0 }, { onProgress: (f) => fractions.push(f) });
    expect(fractions[fractions.length - 1]).toBe(1);
  });
});
