import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastsAwaitingActuals, modelLiveAccuracy, seriesLiveAccuracy } from './live-accuracy.repository';
import { openTestDatabase } from './testing/test-database';
import type { Database } from './database';

describe('live accuracy figures', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('db_live_accuracy');
  });
  afterAll(() => db?.close());

  // An appended actual of 1e200 (a typo, or a hostile member) made Postgres' avg(float8) overflow while it summed
  // squares: the accuracy pages answered 500 and every later scoring job of the dataset failed.
  it('averages scaled errors near the largest doubles without overflowing', async () => {
    const { prisma } = db;
    const workspace = await prisma.workspace.create({ data: { name: 'w' } });
    const dataset = await prisma.dataset.create({ data: { workspaceId: workspace.id, name: 'd', status: 'ready' } });
    const series = await prisma.series.create({
      data: { datasetId: dataset.id, key: 's1', position: 0, start: new Date(0), length: 1, values: Buffer.alloc(8) },
    });
    const run = await prisma.run.create({ data: { workspaceId: workspace.id, datasetId: dataset.id, horizon: 3, season: 1, windows: 1, step: 3 } });
    const model = await prisma.runModel.create({ data: { runId: run.id, position: 0, kind: 'naive', metrics: { mase: 1, smape: 10 } } });
    await prisma.forecast.create({ data: { runModelId: model.id, seriesId: series.id, yhat: Buffer.alloc(24), origin: 1, backtest: {}, metrics: { mase: 1 } } });
    await prisma.forecastScore.createMany({
      data: [1, 1e200, 2e200].map((error, step) => ({ runModelId: model.id, seriesId: series.id, step, actual: error, forecast: 1, scaledError: error, smape: 200 })),
    });

    const page = { offset: 0, limit: 10 };
    const [figures] = (await modelLiveAccuracy(prisma, dataset.id, page, null)).items;
    expect(figures!.live).toMatchObject({ points: 3, smape: 200 });
    expect(figures!.live.mase! / 1e200).toBeCloseTo(1, 12);
    const [perSeries] = (await seriesLiveAccuracy(prisma, model.id, page)).items;
    expect(perSeries!.live.mase! / 1e200).toBeCloseTo(1, 12);
  });

  // A sharded model's shards save their rows before the merge gives them intervals, and keep them when the run is
  // cancelled: scored then, a point would be held to no interval for good, and a cancelled model listed as live.
  it("scores only the forecasts of models that completed, not the rows a running or cancelled model's shards saved", async () => {
    const { prisma } = db;
    const workspace = await prisma.workspace.create({ data: { name: 'w' } });
    const dataset = await prisma.dataset.create({ data: { workspaceId: workspace.id, name: 'd', status: 'ready' } });
    // Five values: two past the forecasts' origin, as after an append.
    const series = await prisma.series.create({
      data: { datasetId: dataset.id, key: 's1', position: 0, start: new Date(0), length: 5, values: Buffer.alloc(40) },
    });
    const run = await prisma.run.create({ data: { workspaceId: workspace.id, datasetId: dataset.id, horizon: 3, season: 1, windows: 1, step: 3 } });
    const models = await Promise.all(
      (['completed', 'running', 'cancelled', 'failed'] as const).map((status, position) => prisma.runModel.create({ data: { runId: run.id, position, kind: 'naive', status } })),
    );
    for (const model of models) {
      await prisma.forecast.create({ data: { runModelId: model.id, seriesId: series.id, yhat: Buffer.alloc(24), origin: 3, backtest: {}, metrics: {} } });
    }
    expect((await forecastsAwaitingActuals(db.pool, dataset.id)).map((f) => f.runModelId)).toEqual([models[0]!.id]);
  });
});
