import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressDetailSchema, QUEUES, type Run } from '@foretell/contracts';
import { connectDatabase, type Database } from '@foretell/db';
import { createQueue, createRedisConnection, UNFINISHED_STATES, type Queue } from '@foretell/queue';
import { eventually, getJson, postJson, uploadCsv } from './testing/http';
import { startPrivateRedis } from './testing/private-redis';
import { DATASETS, startTestStack } from './testing/test-stack';

/** An LSTM whose epochs take a fraction of a second here: long enough to be interrupted mid-training. */
// One network (the default trains one per value scale): these tests time the fit's life, not its accuracy.
const lstm = (epochs: number) => ({ kind: 'lstm', params: { epochs, patience: 0, windowsPerEpoch: 1024, validation: 0, valueScale: 'linear' } });

/**
 * Faults a run survives, against the real services: a worker killed or stopped mid-training, Redis restarted (empty),
 * a cancel mid-epoch. One stack on a Redis of its own (restarted by a test), with short lock and recovery intervals.
 */
describe('run lifecycle under faults', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let db: Database;
  let queues: Queue[];
  let fits: Queue;
  let datasetId: string;
  let seriesCount: number;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    stack = await startTestStack({
      redisUrl: redis.url,
      workerEnv: { STALL_INTERVAL_MS: '3000', SHUTDOWN_GRACE_MS: '500', RECOVER_INTERVAL_MS: '1000' },
    });
    db = connectDatabase(stack.databaseUrl);
    const connection = createRedisConnection(redis.url);
    queues = Object.values(QUEUES).map((name) => createQueue(name, { connection, prefix: stack.env.QUEUE_PREFIX }));
    // This test stops Redis on purpose: its own connection's errors are expected.
    connection.on('error', () => undefined);
    for (const queue of queues) queue.on('error', () => undefined);
    fits = queues.find((q) => q.name === QUEUES.modelFits)!;
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'ETTh2.csv'));
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    datasetId = upload.body.id;
    seriesCount = upload.body.profile.seriesCount;
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled((queues ?? []).map((q) => q.close()));
    await db?.close();
    await stack?.stop();
    await redis?.stop();
  });

  async function startRun(models: object[]): Promise<Run> {
    const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 24, models, backtest: { windows: 1 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  const modelId = (run: Run, kind: string) => run.leaderboard.find((m) => m.kind === kind)!.runModelId;

  /** Waits until a neural fit has reported `epoch` epochs (its stored progress, written about once a second). */
  async function epochReached(runModelId: string, epoch: number): Promise<number> {
    return eventually(async () => {
      const row = await db.prisma.runModel.findUnique({ where: { id: runModelId }, select: { progressDetail: true } });
      const reached = progressDetailSchema.safeParse(row?.progressDetail).data?.epoch?.n ?? 0;
      return reached >= epoch ? reached : undefined;
    }, 90_000);
  }

  async function ended(runId: string, timeoutMs = 120_000): Promise<Run> {
    return eventually(async () => {
      const { body } = await getJson(`${stack.url}/runs/${runId}`);
      return body.finishedAt ? (body as Run) : undefined;
    }, timeoutMs);
  }

  /** Jobs waiting, delayed, active or waiting for children, in every queue. */
  async function unfinishedJobs(): Promise<number> {
    const counts = await Promise.all(queues.map((q) => q.getJobCountByTypes(...UNFINISHED_STATES)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** The run's parent job ends just after it writes finishedAt; then no job may be left in any queue. */
  async function expectNoJobsLeft(): Promise<void> {
    await eventually(async () => ((await unfinishedJobs()) === 0 ? true : undefined), 10_000);
  }

  /** Forecast rows per model of the run, and distinct series among them. */
  async function forecastRows(runId: string) {
    const rows = await db.prisma.forecast.findMany({ where: { runModel: { runId } }, select: { runModelId: true, seriesId: true } });
    const byModel = new Map<string, string[]>();
    for (const row of rows) byModel.set(row.runModelId, [...(byModel.get(row.runModelId) ?? []), row.seriesId]);
    return [...byModel.values()].map((series) => ({ rows: series.length, distinct: new Set(series).size }));
  }

  const liveWorkers = () => stack.workers.filter((w) => w.exitCode === null && w.signalCode === null);

  it('cancels a run mid-epoch: the fit stops promptly, finished models keep results, no job is left', async () => {
    const run = await startRun([lstm(2000), { kind: 'naive' }]);
    const lstmId = modelId(run, 'lstm');
    await epochReached(lstmId, 2);
    const asked = Date.now();
    const cancel = await postJson(`${stack.url}/runs/${run.id}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');

    const done = await ended(run.id, 30_000);
    // The worker's child stopped training within an epoch and the parent job ended the run.
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(done.status).toBe('cancelled');
    const byKind = Object.fromEntries(done.leaderboard.map((m) => [m.kind, m]));
    expect(byKind.naive).toMatchObject({ status: 'completed', rank: 1 });
    expect(byKind.lstm).toMatchObject({ status: 'cancelled', rank: null });
    const stopped = await db.prisma.runModel.findUniqueOrThrow({ where: { id: lstmId } });
    expect(stopped.message).toMatch(/^Cancelled during backtest window 1 of 1 · epoch \d+ of 2000\.$/);
    await expectNoJobsLeft();

    // Idempotent: again 200 with the same run; an ended run is a conflict; an unknown one is not found.
    const again = await postJson(`${stack.url}/runs/${run.id}/cancel`, {});
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('cancelled');
    const quick = await startRun([{ kind: 'naive' }]);
    await ended(quick.id);
    const late = await postJson(`${stack.url}/runs/${quick.id}/cancel`, {});
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/already completed/);
    expect((await postJson(`${stack.url}/runs/00000000-0000-4000-8000-000000000000/cancel`, {})).status).toBe(404);
  }, 120_000);

  it('finishes a run when Redis restarts empty mid-training; health reports Redis down meanwhile', async () => {
    const run = await startRun([lstm(30), { kind: 'seasonal_naive' }, { kind: 'naive' }]);
    await epochReached(modelId(run, 'lstm'), 2);

    await redis.stop();
    const down = await getJson(`${stack.url}/health`);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'down', postgres: { status: 'up' }, redis: { status: 'down' } });
    expect((await getJson(`${stack.url}/health/postgres`)).status).toBe(200);
    await redis.start();
    await eventually(async () => ((await getJson(`${stack.url}/health`)).status === 200 ? true : undefined), 30_000);

    // Redis lost every job; the workers queue the run again from Postgres and it completes.
    const done = await ended(run.id);
    expect(done.status).toBe('completed');
    expect(done.leaderboard.map((m) => m.status)).toEqual(['completed', 'completed', 'completed']);
    expect(await forecastRows(run.id)).toEqual(Array(3).fill({ rows: seriesCount, distinct: seriesCount }));
    await expectNoJobsLeft();
  }, 180_000);

  it('recovers a fit whose worker was killed (SIGKILL): another worker completes it once', async () => {
    expect(liveWorkers()).toHaveLength(1);
    const [first] = liveWorkers();
    const run = await startRun([lstm(40), { kind: 'seasonal_naive' }]);
    const lstmId = modelId(run, 'lstm');
    await epochReached(lstmId, 2);
    stack.addWorker();
    await eventually(async () => ((await fits.getWorkers()).length >= 2 ? true : undefined), 60_000);

    first!.kill('SIGKILL');
    const done = await ended(run.id);
    expect(done.status).toBe('completed');
    expect(done.leaderboard.map((m) => m.status)).toEqual(['completed', 'completed']);
    // Exactly one forecast per series per model, although the LSTM was fitted twice.
    expect(await forecastRows(run.id)).toEqual([
      { rows: seriesCount, distinct: seriesCount },
      { rows: seriesCount, distinct: seriesCount },
    ]);
    // The fit report of the LSTM (no early stopping: every epoch ran).
    const report = done.leaderboard.find((m) => m.kind === 'lstm')?.report;
    expect(report).toMatchObject({ epochs: 40, maxEpochs: 40, members: 1 });
    expect(report?.curve.map((p) => p.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(report?.parameterCount).toBeGreaterThan(1000);
    const job = await fits.getJob(lstmId);
    expect(job?.stalledCounter).toBe(1);
    await expectNoJobsLeft();
  }, 180_000);

  it('hands a fit back on SIGTERM: the worker exits 0 and the fit completes on another, without using an attempt', async () => {
    expect(liveWorkers()).toHaveLength(1);
    const [worker] = liveWorkers();
    const run = await startRun([lstm(40)]);
    const lstmId = modelId(run, 'lstm');
    await epochReached(lstmId, 2);

    const asked = Date.now();
    const exit = once(worker!, 'exit');
    worker!.kill('SIGTERM');
    const [code] = await exit;
    expect(code).toBe(0);
    // 0.5 s of grace, then at most an epoch: far sooner than the fit would have ended.
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(await (await fits.getJob(lstmId))?.getState()).toBe('prioritized');
    expect((await db.prisma.runModel.findUniqueOrThrow({ where: { id: lstmId } })).status).toBe('queued');

    stack.addWorker();
    const done = await ended(run.id);
    expect(done.status).toBe('completed');
    expect(await forecastRows(run.id)).toEqual([{ rows: seriesCount, distinct: seriesCount }]);
    const job = await fits.getJob(lstmId);
    expect(job?.attemptsStarted).toBe(2);
    expect(job?.attemptsMade).toBe(1);
  }, 180_000);

  it('trains one run’s models in parallel on two worker processes', async () => {
    for (const worker of liveWorkers()) {
      const exit = once(worker, 'exit');
      worker.kill('SIGTERM');
      await exit;
    }
    // One fit at a time per process: models that overlap in time ran in different processes.
    stack.addWorker({ FIT_CONCURRENCY: '1' });
    stack.addWorker({ FIT_CONCURRENCY: '1' });
    await eventually(async () => ((await fits.getWorkers()).length >= 2 ? true : undefined), 60_000);
    const run = await startRun([lstm(15), { ...lstm(15), kind: 'gru' }]);
    const done = await ended(run.id);
    expect(done.status).toBe('completed');
    const [a, b] = await db.prisma.runModel.findMany({ where: { runId: run.id } });
    expect(a!.startedAt! < b!.finishedAt! && b!.startedAt! < a!.finishedAt!).toBe(true);
  }, 180_000);
});
