import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '@foretell/contracts';
import { createQueue, createRedisConnection } from '@foretell/queue';
import { scoreAfterRun } from '../accuracy/score-after-run';
import { scoreAppendedActuals } from '../accuracy/score-appended-actuals';
import { openTestDatabase, datasetContentHash, insertDatasetSeries, updateSeriesValues, type Database } from '@foretell/db';
import { quietJob as job } from '../testing/fixtures';
import { finishRun } from './finish-run';
import { fitModel } from './fit-model';

const START = new Date('2020-01-01T00:00:00Z');
const seasonal = (length: number) => Float64Array.from({ length }, (_, t) => 100 + t + 10 * Math.sin((2 * Math.PI * t) / 12));

/** Runs queue behind others: rows appended between a run's creation and its fits are what the fits train on. */
describe('a fit records the dataset version it read', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('worker_fit_version');
  });
  afterAll(() => db?.close());

  /** A dataset of one series (version 1) and a run created on it, not fitted yet. */
  async function queuedRun(kinds: string[]) {
    const workspace = await db.prisma.workspace.create({ data: { name: 'w' } });
    const values = seasonal(36);
    const dataset = await db.prisma.dataset.create({
      data: { workspaceId: workspace.id, name: 'd', status: 'ready', profile: { frequency: { unit: 'month', step: 1 } }, contentHash: datasetContentHash([{ key: 'a', start: START, values }]) },
    });
    await insertDatasetSeries(db.pool, dataset.id, [{ key: 'a', start: START, values }]);
    const run = await db.prisma.run.create({
      data: {
        workspaceId: workspace.id,
        datasetId: dataset.id,
        horizon: 3,
        season: 12,
        windows: 1,
        step: 3,
        datasetVersion: 1,
        datasetHash: dataset.contentHash,
        models: { create: kinds.map((kind, position) => ({ position, kind })) },
      },
      include: { models: { orderBy: { position: 'asc' } } },
    });
    return { dataset, run };
  }

  /** What an append does: longer values, version + 1 and the new hash, in one transaction. */
  async function append(datasetId: string, length: number): Promise<string> {
    const [series] = await db.prisma.series.findMany({ where: { datasetId } });
    const values = seasonal(length);
    const hash = datasetContentHash([{ key: 'a', start: START, values }]);
    await updateSeriesValues(db.pool, [{ id: series!.id, values }]);
    await db.prisma.dataset.update({ where: { id: datasetId }, data: { version: { increment: 1 }, contentHash: hash } });
    return hash;
  }

  it('saves the model and the run with the version and hash the fit trained on, not those at creation', async () => {
    const { dataset, run } = await queuedRun(['naive']);
    const hash = await append(dataset.id, 48);
    await fitModel(db, job, { runId: run.id, runModelId: run.models[0]!.id });
    await finishRun(db.prisma, { runId: run.id });

    const saved = await db.prisma.trainedModel.findUniqueOrThrow({ where: { runModelId: run.models[0]!.id } });
    expect([saved.datasetVersion, saved.datasetHash]).toEqual([2, hash]);
    const model = await db.prisma.runModel.findUniqueOrThrow({ where: { id: run.models[0]!.id } });
    expect([model.datasetVersion, model.datasetHash]).toEqual([2, hash]);
    const finished = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect([finished.status, finished.datasetVersion, finished.datasetHash]).toEqual(['completed', 2, hash]);
    const forecast = await db.prisma.forecast.findFirstOrThrow({ where: { runModelId: run.models[0]!.id } });
    expect(forecast.origin).toBe(48);
  }, 60_000);

  it('scores, once the run completes, forecasts stored after an append brought their actuals (a long fit read the data before it)', async () => {
    const { dataset, run } = await queuedRun(['naive']);
    await fitModel(db, job, { runId: run.id, runModelId: run.models[0]!.id });
    // The append lands while the run still runs: its own scoring found nothing of this run to score yet.
    await append(dataset.id, 39);
    const upload = await db.prisma.datasetUpload.create({ data: { datasetId: dataset.id, kind: 'append', status: 'ready', finishedAt: new Date() } });
    await finishRun(db.prisma, { runId: run.id });

    const queue = createQueue(QUEUES.liveAccuracy, { connection: createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), prefix: `after-run-${randomUUID().slice(0, 8)}` });
    try {
      expect(await scoreAfterRun(db.prisma, queue, run.id)).toBe(true);
      const [queued] = await queue.getJobs(['waiting']);
      expect(queued?.data).toEqual({ datasetId: dataset.id, uploadId: upload.id });
      // What that job does scores the run's three forecast steps against the appended actuals.
      expect(await scoreAppendedActuals(db, dataset.id, upload.id)).toBe(3);
      // A run with no append since it was created queues nothing.
      const { run: quiet } = await queuedRun(['naive']);
      await fitModel(db, job, { runId: quiet.id, runModelId: quiet.models[0]!.id });
      await finishRun(db.prisma, { runId: quiet.id });
      expect(await scoreAfterRun(db.prisma, queue, quiet.id)).toBe(false);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 60_000);

  it('says which models saw an older version when rows were appended between the fits of one run', async () => {
    const { dataset, run } = await queuedRun(['naive', 'seasonal_naive']);
    const [early, late] = run.models;
    await fitModel(db, job, { runId: run.id, runModelId: early!.id });
    const hash = await append(dataset.id, 48);
    await fitModel(db, job, { runId: run.id, runModelId: late!.id });
    await finishRun(db.prisma, { runId: run.id });

    const finished = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { models: { orderBy: { position: 'asc' } } } });
    expect([finished.datasetVersion, finished.datasetHash]).toEqual([2, hash]);
    expect(finished.models.map((m) => m.datasetVersion)).toEqual([1, 2]);
    expect(finished.models[0]!.warnings).toContainEqual(expect.stringMatching(/^Fitted on dataset version 1; rows were appended before other models of this run were fitted \(version 2\)/));
    expect(finished.models[1]!.warnings).not.toContainEqual(expect.stringMatching(/^Fitted on dataset version/));
    // Finishing again (a retried job) does not say it twice.
    await finishRun(db.prisma, { runId: run.id });
    const again = await db.prisma.runModel.findUniqueOrThrow({ where: { id: early!.id } });
    expect(again.warnings).toEqual(finished.models[0]!.warnings);
  }, 60_000);
});
