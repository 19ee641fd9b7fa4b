import { afterEach, describe, expect, it } from 'vitest';
import type { BacktestPlan } from '../evaluation/cross-validation';
import { CovariatesError } from '../core/covariates';
import type { ForecastModel, SeriesCovariates, TrainSet } from '../core/model';
import { MODEL_FACTORIES } from '../models/model-kinds';
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

/** The latest index a set of covariates reveals, per series (values hold their own index); -1 for none. */
function reach(covariates: readonly SeriesCovariates[] | undefined) {
  const latest = (xs: readonly Float64Array[]) => Math.max(-1, ...xs.map((x) => Math.max(...x.filter((v) => !Number.isNaN(v)))));
  return (covariates ?? []).map((c) => ({ past: latest(c.past), future: latest(c.future) }));
}

type Reach = { past: number; future: number }[];

/** A global model that uses covariates: records how far the covariates of every call reach. */
class CovariateSpy implements ForecastModel {
  readonly kind = 'nlinear' as const;
  readonly capabilities = { global: true, covariates: 'all', intervals: 'conformal' } as const;
  constructor(private readonly log: { fits: { ends: number[]; reach: Reach }[]; forecasts: { ends: number[]; reach: Reach }[] }) {}
  private series: readonly Float64Array[] = [];
  async fit(train: TrainSet) {
    this.series = train.series;
    this.log.fits.push({ ends: train.series.map((s) => s.length), reach: reach(train.covariates) });
  }
  async predict(h: number, covariates?: readonly SeriesCovariates[]) {
    return this.forecastFrom(this.series, h, covariates);
  }
  async forecastFrom(histories: readonly Float64Array[], h: number, covariates?: readonly SeriesCovariates[]) {
    this.log.forecasts.push({ ends: histories.map((s) => s.length), reach: reach(covariates) });
    return histories.map((s) => new Float64Array(h).fill(s[s.length - 1]));
  }
  dispose() {
    this.series = [];
  }
}

const original = { naive: MODEL_FACTORIES.naive, nlinear: MODEL_FACTORIES.nlinear };
afterEach(() => {
  Object.assign(MODEL_FACTORIES, original);
});

async function spyOn(plan: BacktestPlan, global: boolean, lengths = [50, 40]) {
  const log = { fits: [] as number[][], origins: [] as number[][] };
  MODEL_FACTORIES.naive = () => new SpyModel({ global, covariates: 'none', intervals: 'conformal' }, log);
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

describe('covariates never reveal more than the origin allows', () => {
  const h = 4;
  const lengths = [50, 40];
  const index = (n: number) => Float64Array.from({ length: n }, (_, t) => t);
  // Past covariates as long as the series, future ones h longer; every value is its own index (one gap, filled by
  // nobody: the spy ignores NaN).
  const covariates = lengths.map((n) => ({
    past: [index(n), index(n).map((v) => (v === 10 ? NaN : v))],
    future: [index(n + h)],
  }));

  async function spy(plan: BacktestPlan) {
    const log = { fits: [] as { ends: number[]; reach: Reach }[], forecasts: [] as { ends: number[]; reach: Reach }[] };
    MODEL_FACTORIES.nlinear = () => new CovariateSpy(log);
    const series = lengths.map(index);
    const result = await evaluateModel({ series, covariates, horizon: h, season: 1, backtest: plan, model: { kind: 'nlinear' } });
    return { log, result };
  }

  /** At fit: past and future both end at the history's end; at a forecast from origin c: past c − 1, future c + h − 1. */
  function expectNoLeak(log: Awaited<ReturnType<typeof spy>>['log']) {
    for (const fit of log.fits) fit.reach.forEach((r, i) => expect(r).toEqual({ past: fit.ends[i] - 1, future: fit.ends[i] - 1 }));
    for (const f of log.forecasts) f.reach.forEach((r, i) => expect(r).toEqual({ past: f.ends[i] - 1, future: f.ends[i] + h - 1 }));
  }

  it('rolling origin with refits: each fit and forecast is cut at its origin', async () => {
    const { log } = await spy({ windows: 3, step: 2 });
    expect(log.fits.map((f) => f.ends)).toEqual([[42, 32], [44, 34], [46, 36], [50, 40]]);
    expect(log.forecasts.map((f) => f.ends)).toEqual(log.fits.map((f) => f.ends));
    expectNoLeak(log);
    // The final forecast gets the future covariates of the forecast window, the last values given.
    expect(log.forecasts[3].reach).toEqual([{ past: 49, future: 53 }, { past: 39, future: 43 }]);
  });

  it('without refitting and on a fixed test range: every origin cut on its own', async () => {
    const rolling = await spy({ windows: 3, step: 2, refit: false });
    expect(rolling.log.forecasts.map((f) => f.ends)).toEqual([[42, 32], [44, 34], [46, 36], [50, 40]]);
    expectNoLeak(rolling.log);
    const fixed = await spy({ testStart: 30, testEnd: 40, stride: 3, trainEnd: 20, refit: false });
    expect(fixed.log.fits[0].ends).toEqual([20, 20]);
    expect(fixed.log.forecasts.slice(0, 3).map((f) => f.ends[0])).toEqual([30, 33, 36]);
    expectNoLeak(fixed.log);
  });

  it('refuses covariates for a model that cannot use them, and covariates of the wrong length', async () => {
    const series = lengths.map(index);
    const run = (kind: 'naive' | 'drift', cov: SeriesCovariates[]) =>
      evaluateModel({ series, covariates: cov, horizon: h, season: 1, backtest: { windows: 1, step: h }, model: { kind } });
    await expect(run('drift', covariates)).rejects.toThrow(/"drift" cannot use covariates/);
    await expect(run('drift', covariates)).rejects.toBeInstanceOf(CovariatesError);
    const short = covariates.map((c) => ({ past: c.past, future: c.future.map((f) => f.subarray(0, f.length - 1)) }));
    await expect(run('naive', short)).rejects.toThrow(/future covariate 0 of series 0 has 53 values, expected 54/);
    await expect(run('naive', [covariates[0]])).rejects.toThrow(/one entry per series/);
    // Empty lists are no covariates: any model runs.
    await expect(run('drift', lengths.map(() => ({ past: [], future: [] })))).resolves.toBeDefined();
  });
});
