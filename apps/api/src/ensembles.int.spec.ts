import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelForecast, Run, SeriesForecast, TrainedModel } from '@foretell/contracts';
import { DATASETS, useTestStack } from './testing/test-stack';
import { getJson, postJson, uploadCsv, uploadDataset, finishedRun } from './testing/http';

const airline = readFileSync(resolve(DATASETS, 'airline-passengers.csv'), 'utf8').trim().split('\n').slice(0, 121).join('\n') + '\n';

/** Ensembles as products of a run: combined by the run's parent job, ranked, saved and forecast like any model. */
describe('ensembles in runs', () => {
  const stack = useTestStack();
  let datasetId: string;
  beforeAll(async () => {
    datasetId = await uploadDataset(stack.url, { name: 'airline.csv', text: airline });
  }, 120_000);

  it('ranks a mean-of-top-2 ensemble beside its members, stores their mean, saves it and forecasts from it', async () => {
    const models = [{ kind: 'naive' }, { kind: 'seasonal_naive' }, { kind: 'drift' }];
    const created = await postJson(`${stack.url}/runs`, {
      datasetId,
      horizon: 12,
      models,
      ensembles: [{ method: 'mean', top: 2 }],
      backtest: { windows: 3 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await finishedRun(stack.url, created.body.id, 120_000);
    expect(run.status, JSON.stringify(run)).toBe('completed');
    expect(run.leaderboard).toHaveLength(4);
    expect(run.leaderboard.every((m) => m.status === 'completed' && m.rank !== null)).toBe(true);

    const ensemble = run.leaderboard.find((m) => m.kind === 'ensemble')!;
    expect(ensemble.params).toEqual({ method: 'mean', top: 2 });
    expect(ensemble.metrics?.mase).toEqual(expect.any(Number));
    // The members are the two best models by backtest MASE.
    const singles = run.leaderboard.filter((m) => m.kind !== 'ensemble').sort((a, b) => a.metrics!.mase! - b.metrics!.mase!);
    expect(ensemble.members).toEqual(singles.slice(0, 2).map((m) => ({ runModelId: m.runModelId, kind: m.kind })));
    // Exactly one row is marked to pick: the best by backtest (rank 1), whatever its kind.
    expect(run.leaderboard.filter((m) => m.recommended)).toEqual([run.leaderboard.find((m) => m.rank === 1)]);
    // The dataset's first champion is the rank-1 row, by the same rule whatever its kind.
    expect(run.championDecision).toMatchObject({ decision: 'first', candidate: { kind: run.leaderboard[0]!.kind } });

    // Its stored forecast is the mean of its members' stored forecasts, with calibrated intervals.
    const stored = (await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=Passengers`)).body as SeriesForecast[];
    const of = (kind: string) => stored.find((f) => f.kind === kind)!;
    const [a, b] = ensemble.members!.map((m) => of(m.kind).yhat);
    expect(of('ensemble').yhat).toEqual(a!.map((v, t) => expect.closeTo((v + b![t]!) / 2, 9)));
    expect(of('ensemble').timestamps).toEqual(of('naive').timestamps);
    expect(Object.keys(of('ensemble').intervals).sort()).toEqual(['80', '95']);
    const backtests = await getJson(`${stack.url}/runs/${run.id}/backtests?seriesId=Passengers`);
    expect(backtests.status, JSON.stringify(backtests.body)).toBe(200);

    // Saved in the registry, naming its members' saved models; forecasting from it combines theirs.
    const saved = (await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[];
    const savedEnsemble = saved.find((m) => m.kind === 'ensemble')!;
    expect(savedEnsemble).toMatchObject({ runModelId: ensemble.runModelId, runId: run.id, horizon: 12, seriesCount: 1 });
    const response = await postJson(`${stack.url}/models/${savedEnsemble.id}/forecast`, {});
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const forecast = response.body as ModelForecast;
    expect(forecast.series[0]!.yhat).toEqual(of('ensemble').yhat.map((v) => expect.closeTo(v, 9)));
    expect(forecast.series[0]!.intervals['80']!.lo).toEqual(of('ensemble').intervals['80']!.lo.map((v) => expect.closeTo(v, 9)));
    const longer = await postJson(`${stack.url}/models/${savedEnsemble.id}/forecast`, { horizon: 3 });
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    expect((longer.body as ModelForecast).series[0]!.yhat).toEqual(of('ensemble').yhat.slice(0, 3).map((v) => expect.closeTo(v, 9)));
  }, 120_000); // it waits up to 120 s for the run (loaded CI machines): the default 30 s cut it short

  it('makes an ensemble that ranks first the row to pick and the dataset\'s champion', async () => {
    // Concave growth: naive undershoots by about as much as drift overshoots, so their mean beats both.
    const months = Array.from({ length: 120 }, (_, i) => `${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
    const text = ['month,value', ...months.map((m, i) => `${m},${(100 * Math.sqrt(i + 1)).toFixed(4)}`)].join('\n') + '\n';
    const upload = await uploadCsv(stack.url, { name: 'growth.csv', text });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const created = await postJson(`${stack.url}/runs`, {
      datasetId: upload.body.id,
      horizon: 6,
      models: [{ kind: 'naive' }, { kind: 'drift' }, { kind: 'seasonal_naive' }],
      ensembles: [{ method: 'mean', top: 2 }],
      backtest: { windows: 3 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await finishedRun(stack.url, created.body.id, 120_000);
    expect(run.leaderboard.map((m) => [m.kind, m.recommended])).toEqual([
      ['ensemble', true],
      [expect.any(String), false],
      [expect.any(String), false],
      ['seasonal_naive', false],
    ]);
    expect(run.leaderboard[0]!.members!.map((m) => m.kind).sort()).toEqual(['drift', 'naive']);
    expect(run.championDecision).toMatchObject({ decision: 'first', candidate: { kind: 'ensemble' } });
    const champions = (await getJson(`${stack.url}/models?champion=true&datasetId=${upload.body.id}`)).body as TrainedModel[];
    expect(champions.map((m) => [m.kind, m.runModelId])).toEqual([['ensemble', run.leaderboard[0]!.runModelId]]);
  });

  it('refuses ensembles the run cannot hold, with what is at fault, on runs and schedules alike', async () => {
    const base = { datasetId, horizon: 12, models: [{ kind: 'naive' }, { kind: 'drift' }] };
    for (const [ensembles, path] of [
      [[{ method: 'mean', top: 3 }], 'ensembles.0.top'],
      [[{ method: 'mean', top: 1 }], 'ensembles.0.top'],
      [[{ method: 'mode', top: 2 }], 'ensembles.0.method'],
    ] as const) {
      const response = await postJson(`${stack.url}/runs`, { ...base, ensembles });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const both = await postJson(`${stack.url}/runs`, { ...base, preset: 'recommended' });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toMatch(/models or a preset/);
    const neither = await postJson(`${stack.url}/runs`, { datasetId, horizon: 12 });
    expect(neither.status).toBe(400);

    const { datasetId: _, ...run } = base;
    const bad = await postJson(`${stack.url}/schedules`, { datasetId, everySeconds: 3600, run: { ...run, ensembles: [{ method: 'median', top: 5 }] } });
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    const ok = await postJson(`${stack.url}/schedules`, { datasetId, everySeconds: 3600, run: { ...run, ensembles: [{ method: 'median', top: 2 }] } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.run.ensembles).toEqual([{ method: 'median', top: 2 }]);
  });

  it('expands the recommended preset into its models, the deep ones included, and its ensemble', async () => {
    const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 12, preset: 'recommended' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = created.body as Run;
    // 120 points: well inside the budget, so every deep model is in; smooth demand, so no auto_intermittent.
    expect(run.leaderboard.map((m) => m.kind)).toEqual([
      'seasonal_naive', 'theta', 'damped', 'auto_ets', 'nlinear', 'dlinear', 'lstm', 'gru', 'transformer', 'rnn_attention', 'ensemble',
    ]);
    expect(run.leaderboard.at(-1)!.params).toEqual({ method: 'mean', top: 5 });
    expect((await postJson(`${stack.url}/runs/${run.id}/cancel`, {})).status).toBe(200);
  });
});
