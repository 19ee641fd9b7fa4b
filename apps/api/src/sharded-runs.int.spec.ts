import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEventSchema, type ModelForecast, type Run, type RunEvent, type SeriesForecast, type TrainedModel } from '@foretell/contracts';
import { apiFetch, finishedRun, getJson, postJson, uploadCsv } from './testing/http';
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

  it('streams each sharded model forward only, saying how many of its shards saved, then that it merges them', async () => {
    const upload = await uploadCsv(stack.url, { name: 'm4-weekly-progress.csv', text: m4Weekly() });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    process.env.RUN_SHARD_SERIES = '7';
    const created = await postJson(`${stack.url}/runs`, { datasetId: upload.body.id, horizon: 6, models: [{ kind: 'theta' }, { kind: 'auto_ets' }], backtest: { windows: 2 } });
    delete process.env.RUN_SHARD_SERIES;
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const events = await streamed(`${stack.url}/runs/${created.body.id}/events`);
    expect(events.at(-1)?.type).toBe('run-completed');
    // Before: shards side by side each reported its own fits as the model's (34% → 33%, "final fit" then "backtest
    // window 1 of 2", "saving results" while shards were still queued).
    // The stream opens as the run starts: a quick model's first shards may have saved before it.
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.some((e) => e.phase?.kind === 'shards')).toBe(true);
    for (const model of new Set(progress.map((e) => e.runModelId))) {
      const own = progress.filter((e) => e.runModelId === model);
      own.slice(1).forEach((e, k) => expect(e.fraction!).toBeGreaterThanOrEqual(own[k]!.fraction!));
      const shards = own.flatMap((e) => (e.phase?.kind === 'shards' ? [e.phase.done] : []));
      shards.slice(1).forEach((done, k) => expect(done).toBeGreaterThan(shards[k]!));
      expect(own.map((e) => e.phase?.kind)).toEqual([...shards.map(() => 'shards'), 'merging']);
      if (shards.length > 0) expect(shards.at(-1)).toBe(5);
    }
  }, 300_000);
});

/** Every event of a run's stream until it ends. */
async function streamed(url: string): Promise<RunEvent[]> {
  const response = await apiFetch(url);
  const events: RunEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('data: ')) events.push(runEventSchema.parse(JSON.parse(line.slice(6))));
  }
  return events;
}
