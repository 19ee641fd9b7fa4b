import { afterEach, describe, expect, it } from 'vitest';
import type { BacktestPlan } from '../evaluation/cross-validation';
import type { ForecastModel, TrainSet } from '../models/model';
import { MODEL_REGISTRY } from '../models/registry';
import { evaluateModel } from './evaluate-model';

/** Records the last index of every history it is given; forecasts the last value. */
class SpyModel implements ForecastModel {
  readonly kind = 'naive' as const;
  constructor(
    readonly capabilities: ForecastModel['capabilities'],
    private readonly log: { fits: number[][]; origins: number[][] },
  ) {}
  private series: readonly Float64Array[] = [];
  async fit(train: TrainSet) {
    this.series = train.series;
    this.log.fits.push(train.series.map((s) => s.length));
  }
  async predict(h: number) {
    return this.forecastFrom(this.series, h);
  }
  async forecastFrom(histories: readonly Float64Array[], h: number) {
    this.log.origins.push(histories.map((s) => s.length));
    return histories.map((s) => new Float64Array(h).fill(s[s.length - 1]));
  }
  dispose() {
    this.series = [];
  }
}

const original = MODEL_REGISTRY.naive;
afterEach(() => {
  MODEL_REGISTRY.naive = original;
});

async function spyOn(plan: BacktestPlan, global: boolean, lengths = [50, 40]) {
  const log = { fits: [] as number[][], origins: [] as number[][] };
  MODEL_REGISTRY.naive = () => new SpyModel({ global, covariates: false, nativeIntervals: false }, log);
  // Each point holds its own index, so a model that saw index t knows t.
  const series = lengths.map((n) => Float64Array.from({ length: n }, (_, t) => t));
  const result = await evaluateModel({ series, horizon: 4, season: 1, backtest: plan, model: { kind: 'naive' } });
  return { log, result };
}

describe('cross-validation never shows a model the future of its origin', () => {
  it('rolling origin with refits, local models: each fit ends at its cutoff', async () => {
    const { log, result } = await spyOn({ windows: 3, step: 2 }, false);
    // Cutoffs n−h−step·(windows−1−i): 42, 44, 46 and 32, 34, 36; then the final fits on everything.
    expect(result.perSeries.map((p) => p.backtest.cutoffs)).toEqual([
      [42, 44, 46],
      [32, 34, 36],
    ]);
    expect(log.fits).toEqual([[42], [32], [44], [34], [46], [36], [50], [40]]);
    result.perSeries.forEach((p) => p.backtest.yhat.forEach((f, w) => expect(f[0]).toBe(p.backtest.cutoffs[w] - 1)));
  });

  it('global models: one fit per origin over all series', async () => {
    const { log } = await spyOn({ windows: 2, step: 3 }, true);
    expect(log.fits).toEqual([
      [43, 33],
      [46, 36],
      [50, 40],
    ]);
  });

  it('without refitting: one fit at the first origin, then forecasts from each later origin', async () => {
    const { log } = await spyOn({ windows: 3, step: 2, refit: false }, false);
    expect(log.fits).toEqual([[42], [32], [50], [40]]);
    // Backtest origins (per series model), then the final predict.
    expect(log.origins.slice(0, 6)).toEqual([[42], [32], [44], [34], [46], [36]]);
  });

  it('fixed test range: fits on [0, trainEnd) only, forecasts from every origin in the range', async () => {
    const { log, result } = await spyOn({ testStart: 30, testEnd: 40, stride: 3, trainEnd: 20, refit: false }, true, [50]);
    expect(result.perSeries[0].backtest.cutoffs).toEqual([30, 33, 36]);
    expect(log.fits[0]).toEqual([20]);
    expect(log.origins.slice(0, 3)).toEqual([[30], [33], [36]]);
  });
});
