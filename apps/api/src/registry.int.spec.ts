import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_FORECAST_MAX_SERIES, type ModelForecast, type SeriesForecast, type TrainedModel } from '@foretell/contracts';
import { DATASETS, useTestStack } from './testing/test-stack';
import { getJson, postJson, uploadCsv, apiFetch, finishedRun } from './testing/http';

const lines = readFileSync(resolve(DATASETS, 'airline-passengers.csv'), 'utf8').trim().split('\n');
const airline = (from: number, to: number) => [lines[0], ...lines.slice(1 + from, 1 + to)].join('\n') + '\n';

/** The model registry: every fitted model saved, the champion kept, forecasts again without retraining. */
describe('model registry', () => {
  const stack = useTestStack();

  it('saves each model with what reproduces it, and forecasts from it exactly as at training time, then on new rows', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(0, 120) });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const datasetId = upload.body.id;
    const models = [{ kind: 'naive' }, { kind: 'seasonal_naive' }, { kind: 'auto_ets' }, { kind: 'nlinear', params: { epochs: 3 } }];
    const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 12, models, backtest: { windows: 2 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await finishedRun(stack.url, created.body.id, 180_000);
    expect(run.status).toBe('completed');
    expect(run.leaderboard.every((m) => m.status === 'completed')).toBe(true);

    const saved = (await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[];
    expect(saved.map((m) => m.kind).sort()).toEqual(['auto_ets', 'naive', 'nlinear', 'seasonal_naive']);
    for (const model of saved) {
      expect(model).toMatchObject({ runId: run.id, horizon: 12, season: 12, seed: run.seed, datasetVersion: 1, seriesCount: 1 });
      expect(model.datasetHash).toMatch(/^[0-9a-f]{64}$/);
      expect(model.versions.engine).toBeTruthy();
      expect(model.versions.node).toBe(process.version);
    }
    const nlinear = saved.find((m) => m.kind === 'nlinear')!;
    expect(nlinear.weightsBytes).toBeGreaterThan(0);
    expect(nlinear.backend).toMatch(/^tfjs-/);
    expect(nlinear.versions.tfjs).toBeTruthy();
    expect(saved.find((m) => m.kind === 'naive')!.weightsBytes).toBe(0);

    // The champion is the run's rank-1 model.
    const champions = (await getJson(`${stack.url}/models?champion=true&datasetId=${datasetId}`)).body as TrainedModel[];
    expect(champions).toHaveLength(1);
    expect(champions[0]!.runModelId).toBe(run.leaderboard[0]!.runModelId);
    expect(saved.filter((m) => m.champion).map((m) => m.id)).toEqual([champions[0]!.id]);

    // On the same data, each saved model forecasts exactly what the run stored — points and intervals.
    const stored = (await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=Passengers`)).body as SeriesForecast[];
    for (const model of saved) {
      const response = await postJson(`${stack.url}/models/${model.id}/forecast`, {});
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const forecast = response.body as ModelForecast;
      const original = stored.find((f) => f.kind === model.kind)!;
      expect(forecast.datasetVersion).toBe(1);
      expect(forecast.series).toHaveLength(1);
      expect(forecast.series[0]!.timestamps).toEqual(original.timestamps);
      expect(forecast.series[0]!.yhat).toEqual(original.yhat);
      for (const level of Object.keys(original.intervals)) {
        expect(forecast.series[0]!.intervals[level]!.lo).toEqual(original.intervals[level]!.lo.map((v) => expect.closeTo(v, 9)));
      }
    }

    // A series named many times is forecast once; a list past the cap is refused with the limit, not answered at length.
    const repeated = await postJson(`${stack.url}/models/${saved[0]!.id}/forecast`, { series: Array(5_000).fill('Passengers'), horizon: 120 });
    expect(repeated.status, JSON.stringify(repeated.body).slice(0, 300)).toBe(200);
    expect((repeated.body as ModelForecast).series.map((s) => s.seriesId)).toEqual(['Passengers']);
    const tooMany = await postJson(`${stack.url}/models/${saved[0]!.id}/forecast`, { series: Array(MODEL_FORECAST_MAX_SERIES + 1).fill('a') });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain(`at most ${MODEL_FORECAST_MAX_SERIES}`);

    // Read the series once, so the API caches it (infra/read-cache.ts): the append below must not leave it stale.
    expect((await getJson(`${stack.url}/datasets/${datasetId}/series/Passengers`)).body.values).toHaveLength(120);

    // A year of new rows: the saved models forecast from the new end, without retraining.
    const form = new FormData();
    form.append('file', new Blob([airline(120, 132)], { type: 'text/csv' }), 'more.csv');
    const append = await apiFetch(`${stack.url}/datasets/${datasetId}/rows`, { method: 'POST', body: form });
    expect(append.status, await append.clone().text()).toBe(201);
    expect((await getJson(`${stack.url}/datasets/${datasetId}/series/Passengers`)).body.values).toHaveLength(132);
    const seasonal = saved.find((m) => m.kind === 'seasonal_naive')!;
    const after = (await postJson(`${stack.url}/models/${seasonal.id}/forecast`, { horizon: 6 })).body as ModelForecast;
    expect(after.datasetVersion).toBe(2);
    expect(after.series[0]!.timestamps[0]!.slice(0, 7)).toBe('1960-01');
    // Seasonal naive repeats the last season it sees: 1959's months (rows 121–126 of the file).
    const year1959 = lines.slice(121, 127).map((line) => Number(line.split(',')[1]));
    expect(after.series[0]!.yhat).toEqual(year1959);
    expect(after.series[0]!.intervals['80']!.lo).toHaveLength(6);
    expect((await getJson(`${stack.url}/models/${seasonal.id}`)).body.datasetVersion).toBe(1);
  }, 300_000);

  it('keeps the champion unless a comparable evaluation finds a better model, and records every decision', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline.csv', text: airline(0, 120) });
    const datasetId = upload.body.id;
    const runOf = async (models: object[], windows: number) => {
      const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 12, models, backtest: { windows } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const run = await finishedRun(stack.url, created.body.id, 120_000);
      expect(run.status).toBe('completed');
      // Written with the completion: no reader sees a completed run without its decision.
      expect(run.championDecision).not.toBeNull();
      return run;
    };
    const champion = async () => {
      const list = (await getJson(`${stack.url}/models?champion=true&datasetId=${datasetId}`)).body as TrainedModel[];
      expect(list).toHaveLength(1);
      return list[0]!;
    };

    // A best model worse than seasonal naive on its backtest is never crowned, not even as the first champion.
    const weak = await runOf([{ kind: 'naive' }], 2);
    expect(weak.leaderboard[0]!.warnings.join(' ')).toMatch(/worse than seasonal naive on the backtest/);
    expect(weak.championDecision).toMatchObject({ decision: 'declined', candidate: { kind: 'naive' }, previous: null });
    expect((await getJson(`${stack.url}/models?champion=true&datasetId=${datasetId}`)).body).toEqual([]);

    // The first run crowns its best model.
    const first = await runOf([{ kind: 'naive' }, { kind: 'seasonal_naive' }, { kind: 'theta' }], 2);
    const crowned = await champion();
    expect(crowned.runModelId).toBe(first.leaderboard[0]!.runModelId);
    expect(crowned.kind).not.toBe('naive');

    // One window instead of two: not comparable, whatever its figures — the champion stays, and the run says why.
    const oneWindow = await runOf([{ kind: 'naive' }], 1);
    expect((await champion()).id).toBe(crowned.id);
    expect(first.championDecision).toMatchObject({ decision: 'first', candidate: { kind: crowned.kind }, previous: null });
    expect(oneWindow.championDecision).toMatchObject({ decision: 'kept', comparable: false, candidate: { kind: 'naive' }, previous: { kind: crowned.kind } });
    expect(oneWindow.championDecision!.reason).toMatch(/windows 2 → 1/);

    // The same backtest on the same data: comparable, and naive is not better.
    const same = await runOf([{ kind: 'naive' }], 2);
    expect((await champion()).id).toBe(crowned.id);
    expect(same.championDecision).toMatchObject({ decision: 'kept', comparable: true });
    expect(same.championDecision!.candidate!.mase!).toBeGreaterThanOrEqual(same.championDecision!.previous!.mase!);

    // New rows: a run that did not evaluate the champion's model on them cannot judge it.
    const form = new FormData();
    form.append('file', new Blob([airline(120, 132)], { type: 'text/csv' }), 'more.csv');
    expect((await apiFetch(`${stack.url}/datasets/${datasetId}/rows`, { method: 'POST', body: form })).status).toBe(201);
    const newer = await runOf([{ kind: 'naive' }], 2);
    expect((await champion()).id).toBe(crowned.id);
    expect(newer.championDecision).toMatchObject({ decision: 'kept', comparable: false, previousMaseInRun: null });
    expect(newer.championDecision!.reason).toMatch(new RegExp(`${crowned.kind}.*newer data|newer data.*${crowned.kind}`));

    // A run that re-evaluates the champion's model on the new data decides within itself: its best model wins.
    // (Beside seasonal naive: naive ranking first on the new data would be declined, being worse than it.)
    const rematch = await runOf([{ kind: 'seasonal_naive' }, { kind: crowned.kind }], 2);
    const now = await champion();
    expect(now.runModelId).toBe(rematch.leaderboard[0]!.runModelId);
    expect(now.datasetVersion).toBe(2);
    expect(rematch.championDecision).toMatchObject({ decision: 'replaced', comparable: true, previous: { trainedModelId: crowned.id } });
    expect(rematch.championDecision!.previousMaseInRun).toBe(rematch.leaderboard.find((m) => m.kind === crowned.kind)!.metrics!.mase);
  }, 300_000);

  it("keeps the engine's range rule: a saved model of a non-negative series forecasts at 0 or above, as its run did", async () => {
    // A drop from 600, then a slow fall to 2: drift (the mean slope, −20 a month) runs below 0 unless floored.
    const month = (t: number) => `${2000 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
    const rows = (from: number, values: number[]) => values.map((v, k) => `"${month(from + k)}",${v}`).join('\n');
    const falling = Array.from({ length: 30 }, (_, t) => (t === 0 ? 600 : 60 - 2 * t));
    const upload = await uploadCsv(stack.url, { name: 'falling.csv', text: `"Month","Units"\n${rows(0, falling)}\n` });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const datasetId = upload.body.id;
    const models = [{ kind: 'drift' }, { kind: 'naive' }];
    const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 6, models, ensembles: [{ method: 'mean', top: 2 }], backtest: { windows: 2 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await finishedRun(stack.url, created.body.id, 120_000);
    expect(run.status).toBe('completed');
    expect(run.leaderboard.find((m) => m.kind === 'drift')!.warnings.join(' ')).toMatch(/raised to 0 on 1 series/);
    const stored = (await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=Units`)).body as SeriesForecast[];
    expect(stored.find((f) => f.kind === 'drift')!.yhat).toEqual([0, 0, 0, 0, 0, 0]);
    const saved = (await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[];
    const drift = saved.find((m) => m.kind === 'drift')!;
    const ensemble = saved.find((m) => m.kind === 'ensemble')!;

    // On the same data the saved drift model forecasts what the run stored: floored, points and bounds.
    const same = (await postJson(`${stack.url}/models/${drift.id}/forecast`, {})).body as ModelForecast;
    expect(same.series[0]!.yhat).toEqual([0, 0, 0, 0, 0, 0]);
    expect(same.series[0]!.intervals['80']!.lo).toEqual(stored.find((f) => f.kind === 'drift')!.intervals['80']!.lo);

    // After new rows (still ≥ 0) the saved models forecast from the new end: points and bounds stay at 0 or above.
    const form = new FormData();
    form.append('file', new Blob([`"Month","Units"\n${rows(30, [1, 0.5, 0])}\n`], { type: 'text/csv' }), 'more.csv');
    expect((await apiFetch(`${stack.url}/datasets/${datasetId}/rows`, { method: 'POST', body: form })).status).toBe(201);
    for (const model of [drift, ensemble]) {
      const after = (await postJson(`${stack.url}/models/${model.id}/forecast`, {})).body as ModelForecast;
      expect(after.datasetVersion).toBe(2);
      const { yhat, intervals } = after.series[0]!;
      expect(Math.min(...yhat, ...Object.values(intervals).flatMap((i) => [...i.lo, ...i.hi])), model.kind).toBe(0);
    }
  }, 300_000);

  it('refuses unknown models and series with a clear error', async () => {
    expect((await postJson(`${stack.url}/models/00000000-0000-4000-8000-000000000000/forecast`, {})).status).toBe(404);
    const [any] = (await getJson(`${stack.url}/models`)).body as TrainedModel[];
    const unknown = await postJson(`${stack.url}/models/${any!.id}/forecast`, { series: ['Nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/not trained on series "Nope"/);
    const bad = await postJson(`${stack.url}/models/${any!.id}/forecast`, { horizon: 0 });
    expect(bad.status).toBe(400);
  });
});
