import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEventSchema, type Dataset, type Run, type RunEvent } from '@foretell/contracts';
import { DATASETS, useTestStack } from './testing/test-stack';
import { eventually, getJson, postJson, uploadCsv, apiFetch, finishedRun } from './testing/http';

/** CSV → dataset → run → leaderboard through the real API, queue, worker, Postgres and Redis. */
describe('upload to leaderboard', () => {
  const stack = useTestStack();

  async function runToCompletion(datasetId: string, horizon: number, windows: number): Promise<Run> {
    const created = await postJson(`${stack.url}/runs`, {
      datasetId,
      horizon,
      models: [{ kind: 'naive' }, { kind: 'seasonal_naive' }],
      backtest: { windows },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return finishedRun(stack.url, created.body.id, 120_000);
  }

  it('ingests the airline series and ranks seasonal naive above naive', async () => {
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'airline-passengers.csv'));
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const dataset = upload.body as Dataset;
    expect(dataset.status).toBe('ready');
    expect(dataset.profile).toMatchObject({ layout: 'long', seriesCount: 1, points: 144, frequency: { unit: 'month', step: 1 } });
    expect(dataset.profile?.start.slice(0, 7)).toBe('1949-01');

    const series = await getJson(`${stack.url}/datasets/${dataset.id}/series/Passengers`);
    expect(series.status).toBe(200);
    expect(series.body.values.slice(0, 3)).toEqual([112, 118, 132]);
    expect(series.body.timestamps[143].slice(0, 7)).toBe('1960-12');

    const run = await runToCompletion(dataset.id, 12, 2);
    expect(run.status).toBe('completed');
    expect(run.leaderboard.map((m) => [m.kind, m.rank, m.status])).toEqual([
      ['seasonal_naive', 1, 'completed'],
      ['naive', 2, 'completed'],
    ]);
    const [best, second] = run.leaderboard;
    expect(best!.metrics!.mase!).toBeLessThan(second!.metrics!.mase!);
    expect(best!.backend).toBeTruthy();

    const forecasts = await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=Passengers`);
    expect(forecasts.status).toBe(200);
    const seasonal = forecasts.body.find((f: { kind: string }) => f.kind === 'seasonal_naive');
    expect(seasonal.timestamps[0].slice(0, 7)).toBe('1961-01');
    expect(seasonal.yhat).toHaveLength(12);
    // Seasonal naive repeats the last year: January 1961 = January 1960 (417).
    expect(seasonal.yhat[0]).toBe(417);
    // Conformal intervals from the backtest: nested levels around the forecast.
    const { 80: i80, 95: i95 } = seasonal.intervals;
    expect(i80.lo).toHaveLength(12);
    for (let step = 0; step < 12; step++) {
      expect(i95.lo[step]).toBeLessThanOrEqual(i80.lo[step]);
      expect(i80.lo[step]).toBeLessThanOrEqual(seasonal.yhat[step]);
      expect(i80.hi[step]).toBeGreaterThanOrEqual(seasonal.yhat[step]);
      expect(i95.hi[step]).toBeGreaterThanOrEqual(i80.hi[step]);
    }

    // Error by horizon step and interval coverage, for the dashboard.
    expect(best!.perStep!.mase).toHaveLength(12);
    expect(Object.keys(best!.coverage!).sort()).toEqual(['80', '95']);

    // Backtests beside the actuals: the second window of seasonal naive forecasts 1960 with 1959's values.
    const backtests = await getJson(`${stack.url}/runs/${run.id}/backtests?seriesId=Passengers`);
    expect(backtests.status).toBe(200);
    const seasonalBacktest = backtests.body.find((b: { kind: string }) => b.kind === 'seasonal_naive');
    expect(seasonalBacktest.windows).toHaveLength(2);
    const last = seasonalBacktest.windows[1];
    expect(last.timestamps[0].slice(0, 7)).toBe('1960-01');
    expect(last.actual.slice(0, 3)).toEqual([417, 391, 419]);
    expect(last.yhat.slice(0, 3)).toEqual([360, 342, 406]);

    // CSV exports: one line per series, model and step (plus the header).
    const csv = await apiFetch(`${stack.url}/runs/${run.id}/export?what=forecasts`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="run-.*-forecasts\.csv"/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('series_id,model,timestamp,yhat,lo_80,hi_80,lo_95,hi_95');
    expect(lines).toHaveLength(1 + 2 * 12);
    expect(lines.find((l) => l.startsWith('Passengers,seasonal_naive,1961-01'))).toMatch(/^Passengers,seasonal_naive,1961-01-01T00:00:00.000Z,417,/);
    const backtestCsv = (await (await apiFetch(`${stack.url}/runs/${run.id}/export?what=backtests`)).text()).trim().split('\n');
    expect(backtestCsv[0]).toBe('series_id,model,window,timestamp,actual,yhat');
    expect(backtestCsv).toHaveLength(1 + 2 * 2 * 12);
    expect((await apiFetch(`${stack.url}/runs/00000000-0000-4000-8000-000000000000/export`)).status).toBe(404);
  });

  /** Uploads the airline series as `name` and starts a run of `models` on it, 12 ahead over 2 backtest windows. */
  async function startAirlineRun(name: string, models: object[]): Promise<string> {
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'airline-passengers.csv'), { name });
    expect(upload.status).toBe(201);
    const created = await postJson(`${stack.url}/runs`, { datasetId: upload.body.id, horizon: 12, models, backtest: { windows: 2 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  it('trains a neural model in the sandboxed worker on the WASM backend and records it', async () => {
    const runId = await startAirlineRun('airline-neural', [{ kind: 'seasonal_naive' }, { kind: 'nlinear' }]);
    const run = await finishedRun(stack.url, runId, 120_000);
    const nlinear = run.leaderboard.find((m) => m.kind === 'nlinear');
    expect(nlinear?.status, nlinear?.error ?? '').toBe('completed');
    expect(nlinear?.backend).toBe('tfjs-wasm');
    expect(nlinear?.metrics?.mase).toBeGreaterThan(0);
  });

  it('streams a run’s progress as server-sent events until it completes', async () => {
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'monthly-sunspots.csv'));
    expect(upload.status).toBe(201);
    const created = await postJson(`${stack.url}/runs`, {
      datasetId: upload.body.id,
      horizon: 24,
      models: [{ kind: 'naive' }, { kind: 'seasonal_naive' }],
      backtest: { windows: 3 },
    });
    expect(created.status).toBe(201);
    // Answers about a run still going are marked not to be kept (infra/read-cache.ts): workers are still writing them.
    const going = await apiFetch(`${stack.url}/runs/${created.body.id}`);
    expect(['queued', 'running']).toContain(((await going.json()) as Run).status);
    expect(going.headers.get('cache-control')).toBe('no-store');
    const goingForecasts = await apiFetch(`${stack.url}/runs/${created.body.id}/forecasts?seriesId=Sunspots`);
    expect(goingForecasts.headers.get('cache-control')).toBe('no-store');
    const response = await apiFetch(`${stack.url}/runs/${created.body.id}/events`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events: RunEvent[] = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (const line of buffer.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    }
    expect(events.at(-1)?.type).toBe('run-completed');
    // No stale "running" after the event; an ended run's answers may be kept.
    const ended = await apiFetch(`${stack.url}/runs/${created.body.id}`);
    expect(((await ended.json()) as Run).status).toBe('completed');
    expect(ended.headers.get('cache-control')).not.toBe('no-store');
    const endedForecasts = await apiFetch(`${stack.url}/runs/${created.body.id}/forecasts?seriesId=Sunspots`);
    expect(((await endedForecasts.json()) as unknown[]).length).toBe(2);
    expect(events.every((e) => e.runId === created.body.id)).toBe(true);
  });

  it('stores which fit a running model trains and its epoch, for a run page opened mid-training', async () => {
    const runId = await startAirlineRun('airline-progress', [{ kind: 'lstm', params: { epochs: 2000, patience: 0, validation: 0 } }]);
    const detail = await eventually(async () => {
      const { body } = await getJson(`${stack.url}/runs/${runId}`);
      const stored = (body as Run).leaderboard[0]?.progressDetail;
      return stored?.epoch && stored.epoch.n >= 2 ? stored : undefined;
    }, 90_000);
    expect(detail).toMatchObject({ phase: { kind: 'backtest', window: 1, of: 2 }, epoch: { of: 2000 } });
    expect(detail.epoch?.loss).toBeGreaterThan(0);
    // The events stream carries the same typed event: the fit, and the epoch with its loss.
    const stream = new AbortController();
    const response = await apiFetch(`${stack.url}/runs/${runId}/events`, { signal: stream.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    let epochEvent: RunEvent | undefined;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      epochEvent = lines.filter((l) => l.startsWith('data: ')).map((l) => runEventSchema.parse(JSON.parse(l.slice(6)))).find((e) => e.epoch);
      if (epochEvent) break;
    }
    stream.abort();
    expect(epochEvent).toMatchObject({ type: 'progress', runId });
    expect(epochEvent?.phase).toEqual({ kind: 'backtest', window: 1, of: 2 });
    expect(epochEvent?.epoch).toMatchObject({ of: 2000, loss: expect.any(Number) });
    expect((await postJson(`${stack.url}/runs/${runId}/cancel`, {})).status).toBe(200);
    const ended = await eventually(async () => {
      const { body } = await getJson(`${stack.url}/runs/${runId}`);
      return body.finishedAt ? (body as Run) : undefined;
    }, 30_000);
    // A model that no longer runs is nowhere: its last stored detail stays out of the answer.
    expect(ended.leaderboard[0]).toMatchObject({ status: 'cancelled', progressDetail: null });
  });

  it('ingests long, wide and daily files from the shared datasets', async () => {
    const m4 = await uploadCsv(stack.url, resolve(DATASETS, 'm4-weekly-train.csv'));
    expect(m4.status).toBe(201);
    expect(m4.body.profile).toMatchObject({ layout: 'long', seriesCount: 359, rows: 366_912, minLength: 80, maxLength: 2597 });
    expect(m4.body.profile.frequency).toEqual({ unit: 'week', step: 1 });
    const search = await getJson(`${stack.url}/datasets/${m4.body.id}/series?search=W10&limit=5`);
    expect(search.body.length).toBeGreaterThan(0);
    expect(search.body.every((s: { id: string }) => s.id.includes('W10'))).toBe(true);
    // Paged in upload order, each page after the last key of the one before, to the end.
    const keys: string[] = [];
    for (let after = '', pages = 0; pages < 10; pages++) {
      const page = await getJson(`${stack.url}/datasets/${m4.body.id}/series?limit=100${after && `&after=${after}`}`);
      expect(page.status).toBe(200);
      keys.push(...page.body.map((s: { id: string }) => s.id));
      if (page.body.length < 100) break;
      after = keys.at(-1)!;
    }
    expect(keys).toHaveLength(359);
    expect(new Set(keys).size).toBe(359);
    expect(keys.slice(0, 3)).toEqual(['W1', 'W2', 'W3']);
    const unknown = await getJson(`${stack.url}/datasets/${m4.body.id}/series?after=nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('has no series "nope"');

    const ett = await uploadCsv(stack.url, resolve(DATASETS, 'ETTh2.csv'));
    expect(ett.status).toBe(201);
    expect(ett.body.profile).toMatchObject({ layout: 'wide', seriesCount: 7, frequency: { unit: 'hour', step: 1 } });
    expect(ett.body.profile.columns.values).toContain('OT');

    const temps = await uploadCsv(stack.url, resolve(DATASETS, 'daily-min-temperatures.csv'));
    expect(temps.status).toBe(201);
    expect(temps.body.profile.frequency).toEqual({ unit: 'day', step: 1 });

    // Every file gets a leaderboard: M4's 13-week horizon, a day of hourly ETTh2, a month of daily temperatures.
    const runs = await Promise.all([
      runToCompletion(m4.body.id, 13, 1),
      runToCompletion(ett.body.id, 24, 2),
      runToCompletion(temps.body.id, 30, 2),
    ]);
    for (const run of runs) {
      expect(run.status).toBe('completed');
      expect(run.leaderboard.map((m) => m.rank)).toEqual([1, 2]);
    }
    // Weekly data has m = 1 (as in M4), where seasonal naive is naive.
    const [m4Run] = runs;
    expect(m4Run!.leaderboard[0]!.metrics!.smape).toBeCloseTo(m4Run!.leaderboard[1]!.metrics!.smape!, 6);

    const list = await getJson(`${stack.url}/datasets`);
    expect(list.body.map((d: Dataset) => d.name)).toEqual(
      expect.arrayContaining(['m4-weekly-train', 'ETTh2', 'daily-min-temperatures']),
    );
  }, 120_000);

  it('rejects a malformed CSV with the row and column at fault, and keeps nothing', async () => {
    const before = (await getJson(`${stack.url}/datasets`)).body.length;
    const text = 'Month,Passengers\n1949-01,112\n1949-02,118\n1949-03,abc\n1949-04,129\n';
    const upload = await uploadCsv(stack.url, { name: 'broken.csv', text });
    expect(upload.status).toBe(400);
    expect(upload.body.problems[0]).toMatchObject({ row: 4, column: 'Passengers' });
    expect(upload.body.message).toMatch(/row 4/i);
    expect((await getJson(`${stack.url}/datasets`)).body.length).toBe(before);
  });

  it('answers bad requests with a clear 4xx', async () => {
    const notMultipart = await postJson(`${stack.url}/datasets`, { file: 'x' });
    expect(notMultipart.status).toBe(400);
    expect(notMultipart.body.message).toMatch(/multipart/);

    const badRun = await postJson(`${stack.url}/runs`, { datasetId: 'nope', horizon: 0, models: [] });
    expect(badRun.status).toBe(400);
    expect(badRun.body.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['datasetId', 'horizon', 'models']),
    );

    const unknownModel = await postJson(`${stack.url}/runs`, {
      datasetId: '00000000-0000-4000-8000-000000000000',
      horizon: 3,
      models: [{ kind: 'crystal_ball' }],
    });
    expect(unknownModel.status).toBe(400);

    const missing = await getJson(`${stack.url}/datasets/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
  });

  it("repeats the last week of hourly data with a weekly cycle (the worker tests the frequency's candidate periods)", async () => {
    // 624 hours from Monday 1 January 2024: a daily cycle, and weekends 30 lower.
    const start = Date.UTC(2024, 0, 1);
    const value = (t: number) => 100 + Math.round(20 * Math.sin((2 * Math.PI * t) / 24)) - (Math.floor(t / 24) % 7 >= 5 ? 30 : 0);
    const rows = Array.from({ length: 624 }, (_, t) => `${new Date(start + t * 3_600_000).toISOString()},${value(t)}`);
    const upload = await uploadCsv(stack.url, { name: 'hourly-load.csv', text: ['timestamp,load', ...rows].join('\n') + '\n' });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const run = await runToCompletion(upload.body.id, 24, 1);
    expect(run.status).toBe('completed');
    expect(run.season).toBe(24);
    const forecasts = await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=load`);
    const seasonal = forecasts.body.find((f: { kind: string }) => f.kind === 'seasonal_naive');
    // Hour 624 starts a Saturday: a week earlier (hour 456) was a Saturday too, a day earlier a Friday.
    expect(seasonal.yhat).toEqual(Array.from({ length: 24 }, (_, k) => value(456 + k)));
    expect(value(624 - 24)).not.toBe(value(624));
  });

  it('deletes a dataset with its series', async () => {
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'monthly-shampoo-sales.csv'));
    expect(upload.status).toBe(201);
    const del = await apiFetch(`${stack.url}/datasets/${upload.body.id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await getJson(`${stack.url}/datasets/${upload.body.id}`)).status).toBe(404);
  });
});
