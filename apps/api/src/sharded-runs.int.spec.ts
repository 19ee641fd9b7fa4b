import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelForecast, Run, SeriesForecast, TrainedModel } from '@foretell/contracts';
import { finishedRun, getJson, postJson, uploadCsv } from './testing/http';
import { DATASETS, useTestStack } from './testing/test-stack';

/** The first 30 M4 weekly series, their last 60 weeks, as a long CSV. */
function m4Weekly(): string {
  const lines = readFileSync(resolve(DATASETS, 'm4-weekly-train.csv'), 'utf8').split('\n');
  const byKey = new Map<string, string[]>();
  for (const line of lines.slice(1).filter(Boolean)) {
    const key = line.slice(0, line.indexOf(','));
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(line);
  }
  return [lines[0], ...[...byKey.values()].slice(0, 30).flatMap((rows) => rows.slice(-60))].join('\n');
}

/**
 * Through the real API, queues and a worker: a run whose local models are split into shards of 7 series (the API and
 * the worker read RUN_SHARD_SERIES when they queue a run) ranks, scores and forecasts exactly as the same run in one
 * job per model, and its saved models forecast every series.
 */
describe('runs sharded over workers', () => {
  const stack = useTestStack();

  async function run(datasetId: string, shardSeries: string): Promise<Run> {
    process.env.RUN_SHARD_SERIES = shardSeries;
    try {
      const models = [{ kind: 'seasonal_naive' }, { kind: 'theta' }, { kind: 'auto_ets' }];
      const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 6, models, backtest: { windows: 2 } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return await finishedRun(stack.url, created.body.id, 180_000);
    } finally {
      delete process.env.RUN_SHARD_SERIES;
    }
  }

  it('gives the same leaderboard, forecasts and saved models as one job per model', async () => {
    const upload = await uploadCsv(stack.url, { name: 'm4-weekly.csv', text: m4Weekly() });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const datasetId = upload.body.id;
    const whole = await run(datasetId, '1000');
    const sharded = await run(datasetId, '7');
    expect(sharded.status).toBe('completed');
    const board = (r: Run) => r.leaderboard.map((m) => ({ kind: m.kind, status: m.status, rank: m.rank, metrics: m.metrics, coverage: m.coverage, warnings: m.warnings }));
    expect(board(sharded)).toEqual(board(whole));

    // A series of the last shard: its stored forecast, intervals included, and its saved model's forecast.
    const last = 'W30';
    const forecasts = async (r: Run) => (await getJson(`${stack.url}/runs/${r.id}/forecasts?seriesId=${last}`)).body as SeriesForecast[];
    expect(await forecasts(sharded)).toEqual(await forecasts(whole));
    const saved = ((await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[]).filter((m) => m.runId === sharded.id);
    expect(saved.map((m) => m.seriesCount)).toEqual([30, 30, 30]);
    const theta = saved.find((m) => m.kind === 'theta')!;
    const response = await postJson(`${stack.url}/models/${theta.id}/forecast`, { series: [last] });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const stored = (await forecasts(sharded)).find((f) => f.kind === 'theta')!;
    expect((response.body as ModelForecast).series[0]!.yhat).toEqual(stored.yhat);
  }, 300_000);
});
