import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS, QUEUES, type DriftCheckPage, type ModelLiveAccuracyPage, type Run, type SeriesLiveAccuracyPage } from '@foretell/contracts';
import { createQueue } from '@foretell/queue';
import { startWebhookReceiver } from './testing/webhook-receiver';
import { DATASETS, startTestStack } from './testing/test-stack';
import { appendCsv, eventually, getJson, postJson, uploadCsv, apiFetch } from './testing/http';

// The airline months (1949-01 … 1960-12) as two series: A, and B at twice its level.
const [, ...lines] = readFileSync(resolve(DATASETS, 'airline-passengers.csv'), 'utf8').trim().split(/\r?\n/);
const months = lines.map((line) => {
  const [month, value] = line.split(',');
  return { month: month!, value: Number(value) };
});
/** Rows [from, to) of the wide file; `scaleA` multiplies series A (a degraded series). */
const wide = (from: number, to: number, scaleA = 1) =>
  ['Month,A,B', ...months.slice(from, to).map((m) => `${m.month},${m.value * scaleA},${m.value * 2}`)].join('\n') + '\n';

/** MASE denominator with lag 12 (in-sample MAE of the seasonal naive): how the backtest scaled the fit's history. */
const scaleOf = (values: number[]) => {
  const d = values.slice(12).map((v, t) => Math.abs(v - values[t]!));
  return d.reduce((a, b) => a + b, 0) / d.length;
};

/** Forecasts held to account: appended actuals score the stored forecasts, a degraded series flags drift, the schedule retrains. */
describe('live accuracy', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    stack = await startTestStack({ workerEnv: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    hooks = await startWebhookReceiver();
  }, 120_000);
  afterAll(async () => {
    hooks?.close();
    await stack?.stop();
  });

  const runs = async (datasetId: string) => ((await getJson(`${stack.url}/runs`)).body as Run[]).filter((r) => r.datasetId === datasetId);
  const accuracy = async (datasetId: string) => (await getJson(`${stack.url}/datasets/${datasetId}/accuracy`)).body as ModelLiveAccuracyPage;
  const driftChecks = async (datasetId: string) => (await getJson(`${stack.url}/datasets/${datasetId}/drift-checks`)).body as DriftCheckPage;

  it('scores the stored forecasts on appended actuals, flags a degraded series as drift and retrains the schedule', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline-two.csv', text: wide(0, 120) });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const datasetId = upload.body.id as string;
    const run = { horizon: 12, models: [{ kind: 'naive' }, { kind: 'seasonal_naive' }], backtest: { windows: 2 } };
    const created = await postJson(`${stack.url}/schedules`, {
      datasetId,
      everySeconds: 3600,
      run,
      webhookUrl: hooks.url,
      // 1959 grew faster than the backtested 1957–58: honest actuals score up to ~85% beyond the backtest's MASE.
      liveDriftMargin: 1,
      liveDriftMinPoints: 6,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ liveDriftMargin: 1, liveDriftMinPoints: 6, retrainOnDrift: true });
    const scheduleId = created.body.id as string;
    expect((await apiFetch(`${stack.url}/schedules/${scheduleId}/run`, { method: 'POST' })).status).toBe(202);
    const first = await eventually(async () => (await runs(datasetId)).find((r) => r.status === 'completed'), 90_000);
    expect(first.leaderboard[0]).toMatchObject({ kind: 'seasonal_naive', rank: 1 });
    expect((await accuracy(datasetId)).items).toEqual([]);

    // Six months of actuals as they happened: each model's forecasts of both series score 6 points each.
    const append = await appendCsv(stack.url, datasetId, { name: 'next.csv', text: wide(120, 126) });
    expect(append.status, JSON.stringify(append.body)).toBe(201);
    const scored = await eventually(async () => {
      const page = await accuracy(datasetId);
      return page.items.length === 2 && page.items.every((m) => m.live.points === 12) ? page : undefined;
    }, 60_000);
    expect(scored).toMatchObject({ total: 2, offset: 0, limit: 50 });
    const seasonal = scored.items.find((m) => m.kind === 'seasonal_naive')!;
    expect(seasonal).toMatchObject({ runId: first.id, champion: true, series: 2 });
    expect(scored.items.find((m) => m.kind === 'naive')!.champion).toBe(false);
    // The seasonal naive forecast of month t is month t − 12; errors are scaled by the fitted history's MASE scale.
    const history = months.slice(0, 120).map((m) => m.value);
    const liveMaseA = [0, 1, 2, 3, 4, 5].reduce((sum, k) => sum + Math.abs(months[120 + k]!.value - history[108 + k]!), 0) / 6 / scaleOf(history);
    // B is A doubled: the same scaled errors, so the dataset's mean equals A's.
    expect(seasonal.live.mase).toBeCloseTo(liveMaseA, 9);
    expect(seasonal.promised.mase).toBe(first.leaderboard.find((m) => m.kind === 'seasonal_naive')!.metrics!.mase);
    expect(Object.keys(seasonal.live.coverage).sort()).toEqual(['80', '95']);
    expect(seasonal.live.smape).toBeGreaterThan(0);

    const firstCheck = await eventually(async () => (await driftChecks(datasetId)).items[0]);
    expect(firstCheck.figures).toMatchObject({ runModelId: seasonal.runModelId, points: 12, margin: 1, minPoints: 6, promisedMase: seasonal.promised.mase });
    expect(firstCheck.figures.liveMase).toBeCloseTo(liveMaseA, 9);
    expect(firstCheck).toMatchObject({ drifted: false, retrainRunId: null, figures: { driftedSeries: [] } });
    expect(firstCheck.figures.liveMase!).toBeLessThan(seasonal.promised.mase! * 2);
    // The next months: A's actuals five times what they were (a broken feed), B as it was.
    const checksBefore = (await driftChecks(datasetId)).total;
    const runsBefore = (await runs(datasetId)).length;
    const degraded = await appendCsv(stack.url, datasetId, { name: 'broken.csv', text: wide(126, 132, 5) });
    expect(degraded.status, JSON.stringify(degraded.body)).toBe(201);

    const check = await eventually(async () => {
      const page = await driftChecks(datasetId);
      return page.total > checksBefore ? page.items[0] : undefined;
    }, 60_000);
    expect(check).toMatchObject({ scheduleId, uploadId: degraded.body.id, drifted: true });
    expect(check.figures).toMatchObject({ points: 24, driftedSeries: [{ key: 'A', points: 12 }] });
    expect(check.figures.driftedSeries[0]!.liveMase).toBeGreaterThan(check.figures.driftedSeries[0]!.promisedMase * 2);
    expect(check.figures.reason).toMatch(/series beyond the margin, worst "A"/);
    expect(check.retrainRunId, JSON.stringify(check.figures)).toEqual(expect.any(String));
    expect(check.figures.action).toBe(`retraining run ${check.retrainRunId} started`);

    // The schedule retrains: a new run on the appended data.
    const retrain = await eventually(async () => (await runs(datasetId)).find((r) => r.id === check.retrainRunId && r.status === 'completed'), 90_000);
    expect(retrain).toMatchObject({ trigger: 'schedule', scheduleId, datasetVersion: 3 });
    expect((await runs(datasetId)).length).toBe(runsBefore + 1);
    const event = await eventually(async () => hooks.received.find((e) => e.event === 'accuracy.drift'), 30_000);
    expect(event).toMatchObject({ scheduleId, datasetId, runId: first.id, retrainRunId: check.retrainRunId, drift: { driftedSeries: [{ key: 'A' }] } });

    // Per series, worst first: A against its own backtest.
    const perSeries = (await getJson(`${stack.url}/datasets/${datasetId}/accuracy/series?runModelId=${seasonal.runModelId}&limit=1`)).body as SeriesLiveAccuracyPage;
    expect(perSeries).toMatchObject({ total: 2, limit: 1, runModelId: seasonal.runModelId, items: [{ key: 'A', live: { points: 12 } }] });
    // Without a model named: the champion's (the retrained one, with no actuals yet).
    const championSeries = (await getJson(`${stack.url}/datasets/${datasetId}/accuracy/series`)).body as SeriesLiveAccuracyPage;
    expect(championSeries).toMatchObject({ total: 0, items: [] });
    expect(championSeries.runModelId).not.toBe(seasonal.runModelId);
    expect(perSeries.items[0]!.live.mase!).toBeGreaterThan(perSeries.items[0]!.promised.mase! * 2);

    // Scoring the append again adds no point and no decision.
    const pointsBefore = (await accuracy(datasetId)).items.map((m) => [m.runModelId, m.live.points]);
    const queue = createQueue(QUEUES.liveAccuracy, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    try {
      const again = await queue.add(JOBS.scoreActuals, { datasetId, uploadId: degraded.body.id }, { jobId: `again-${degraded.body.id}` });
      await eventually(async () => ((await again.getState()) === 'completed' ? true : undefined), 30_000);
    } finally {
      await queue.close();
    }
    const pointsAfter = (await accuracy(datasetId)).items.filter((m) => pointsBefore.some(([id]) => id === m.runModelId)).map((m) => [m.runModelId, m.live.points]);
    expect(pointsAfter).toEqual(pointsBefore);
    expect((await driftChecks(datasetId)).total).toBe(checksBefore + 1);
  }, 300_000);

  it('says while the rows of an append are still being scored, so partial figures are not read as final', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline-two.csv', text: wide(0, 120) });
    const datasetId = upload.body.id as string;
    const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 12, models: [{ kind: 'naive' }, { kind: 'seasonal_naive' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await eventually(async () => ((await runs(datasetId)).find((r) => r.status === 'completed') ? true : undefined), 90_000);
    expect(await accuracy(datasetId)).toMatchObject({ scoring: false, total: 0 });

    // The scoring job of the append waits (its queue paused): the API says scoring is under way.
    const queue = createQueue(QUEUES.liveAccuracy, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    try {
      await queue.pause();
      const append = await appendCsv(stack.url, datasetId, { name: 'next.csv', text: wide(120, 126) });
      expect(append.status, JSON.stringify(append.body)).toBe(201);
      expect(await accuracy(datasetId)).toMatchObject({ scoring: true, total: 0 });
      await queue.resume();
      const scored = await eventually(async () => {
        const page = await accuracy(datasetId);
        return page.scoring ? undefined : page;
      }, 60_000);
      // Once it says it is done, the figures are whole: both models, both series, 6 months each.
      expect(scored.items.map((m) => [m.kind, m.series, m.live.points]).sort()).toEqual([['naive', 2, 12], ['seasonal_naive', 2, 12]]);
    } finally {
      await queue.resume();
      await queue.close();
    }
  }, 180_000);

  it('refuses bad paging and a model of another dataset with a message, and another workspace\'s dataset is not found', async () => {
    const upload = await uploadCsv(stack.url, { name: 'airline-two.csv', text: wide(0, 48) });
    const datasetId = upload.body.id as string;
    const limit = await getJson(`${stack.url}/datasets/${datasetId}/accuracy?limit=501`);
    expect(limit.status).toBe(400);
    expect(limit.body.message).toBe('Invalid request: limit: must be a whole number from 1 to 500');
    const noChampion = await getJson(`${stack.url}/datasets/${datasetId}/accuracy/series`);
    expect(noChampion.status).toBe(400);
    expect(noChampion.body.message).toMatch(/no champion yet: name the model with \?runModelId=/);
    const other = await getJson(`${stack.url}/datasets/${datasetId}/accuracy/series?runModelId=00000000-0000-4000-8000-000000000000`);
    expect(other.status).toBe(400);
    expect(other.body.message).toMatch(/did not forecast dataset/);
    expect((await getJson(`${stack.url}/datasets/00000000-0000-4000-8000-000000000000/accuracy`)).status).toBe(404);
  });
});
