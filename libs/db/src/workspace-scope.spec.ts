import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { openTestDatabase } from './testing/test-database';
import { forWorkspace, WorkspaceScopeError } from './workspace-scope';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase('db_scope');
});
afterAll(() => database?.close());

/** A workspace with a dataset, a series, a run with one model and its forecast. */
async function workspaceWithData(name: string) {
  const { prisma } = database;
  const workspace = await prisma.workspace.create({ data: { name } });
  const dataset = await prisma.dataset.create({ data: { workspaceId: workspace.id, name, status: 'ready' } });
  const series = await prisma.series.create({
    data: { datasetId: dataset.id, key: 's', position: 0, start: new Date(0), length: 1, values: new Uint8Array(8) },
  });
  const run = await prisma.run.create({
    data: { workspaceId: workspace.id, datasetId: dataset.id, horizon: 1, season: 1, windows: 1, step: 1, models: { create: [{ position: 0, kind: 'naive' }] } },
    include: { models: true },
  });
  await prisma.forecast.create({ data: { runModelId: run.models[0]!.id, seriesId: series.id, yhat: new Uint8Array(8), origin: 1, backtest: {}, metrics: {} } });
  return { workspace, dataset, series, run };
}

/** A live score of the workspace's forecast, and a schedule's drift decision. */
async function liveAccuracyOf({ workspace, dataset, series, run }: Awaited<ReturnType<typeof workspaceWithData>>) {
  const { prisma } = database;
  await prisma.forecastScore.create({ data: { runModelId: run.models[0]!.id, seriesId: series.id, step: 0, actual: 1, forecast: 2, smape: 66.7 } });
  const schedule = await prisma.schedule.create({ data: { workspaceId: workspace.id, datasetId: dataset.id, name: 's', everySeconds: 60, config: {} } });
  return prisma.driftCheck.create({ data: { workspaceId: workspace.id, scheduleId: schedule.id, datasetId: dataset.id, drifted: false, figures: {} } });
}

describe('forWorkspace', () => {
  it("sees, changes and deletes only its workspace's rows, children included", async () => {
    const mine = await workspaceWithData('mine');
    const theirs = await workspaceWithData('theirs');
    const scoped = forWorkspace(database.prisma, mine.workspace.id);

    expect((await scoped.dataset.findMany()).map((d) => d.id)).toEqual([mine.dataset.id]);
    expect(await scoped.dataset.findUnique({ where: { id: theirs.dataset.id } })).toBeNull();
    expect(await scoped.run.findFirst({ where: { id: theirs.run.id } })).toBeNull();
    expect(await scoped.series.findUnique({ where: { datasetId_key: { datasetId: theirs.dataset.id, key: 's' } } })).toBeNull();
    expect(await scoped.runModel.count({ where: { runId: theirs.run.id } })).toBe(0);
    expect(await scoped.forecast.count()).toBe(1);

    expect((await scoped.dataset.updateMany({ where: { id: theirs.dataset.id }, data: { name: 'taken' } })).count).toBe(0);
    await expect(scoped.dataset.update({ where: { id: theirs.dataset.id }, data: { name: 'taken' } })).rejects.toThrow();
    await expect(scoped.run.delete({ where: { id: theirs.run.id } })).rejects.toThrow();
    expect((await scoped.series.deleteMany({ where: { datasetId: theirs.dataset.id } })).count).toBe(0);
    await expect(scoped.$transaction((tx) => tx.dataset.findMany())).resolves.toHaveLength(1);

    const untouched = await database.prisma.dataset.findUniqueOrThrow({ where: { id: theirs.dataset.id } });
    expect(untouched.name).toBe('theirs');
    expect(await database.prisma.series.count({ where: { datasetId: theirs.dataset.id } })).toBe(1);
  });

  it("sees only its workspace's live scores and drift decisions", async () => {
    const mine = await workspaceWithData('mine-live');
    const theirs = await workspaceWithData('theirs-live');
    const [, theirCheck] = [await liveAccuracyOf(mine), await liveAccuracyOf(theirs)];
    const scoped = forWorkspace(database.prisma, mine.workspace.id);
    expect((await scoped.forecastScore.findMany()).map((s) => s.seriesId)).toEqual([mine.series.id]);
    expect(await scoped.forecastScore.count({ where: { runModelId: theirs.run.models[0]!.id } })).toBe(0);
    expect((await scoped.driftCheck.findMany()).map((c) => c.datasetId)).toEqual([mine.dataset.id]);
    expect(await scoped.driftCheck.findUnique({ where: { id: theirCheck.id } })).toBeNull();
    const { workspaceId, scheduleId, datasetId } = theirCheck;
    await expect(scoped.driftCheck.create({ data: { workspaceId, scheduleId, datasetId, drifted: true, figures: {} } })).rejects.toThrow(WorkspaceScopeError);
  });

  it("keeps the caller's filter on the relation it scopes by, combining the two", async () => {
    const mine = await workspaceWithData('shared-relations');
    const { prisma } = database;
    // A second run of the same dataset with the same model kind, and its forecast for the same series.
    const second = await prisma.run.create({
      data: { workspaceId: mine.workspace.id, datasetId: mine.dataset.id, horizon: 1, season: 1, windows: 1, step: 1, models: { create: [{ position: 0, kind: 'naive' }] } },
      include: { models: true },
    });
    await prisma.forecast.create({ data: { runModelId: second.models[0]!.id, seriesId: mine.series.id, yhat: new Uint8Array(8), origin: 1, backtest: {}, metrics: {} } });
    const other = await prisma.dataset.create({ data: { workspaceId: mine.workspace.id, name: 'other', status: 'ready' } });
    const scoped = forWorkspace(prisma, mine.workspace.id);

    const firstRunsForecasts = await scoped.forecast.findMany({ where: { runModel: { runId: mine.run.id } } });
    expect(firstRunsForecasts.map((f) => f.runModelId)).toEqual([mine.run.models[0]!.id]);
    expect(await scoped.forecast.count({ where: { runModel: { runId: second.id } } })).toBe(1);
    expect(await scoped.runModel.count({ where: { run: { id: second.id } } })).toBe(1);
    expect(await scoped.series.count({ where: { dataset: { name: 'other' } } })).toBe(0);
    expect(await scoped.datasetUpload.count({ where: { dataset: { id: other.id } } })).toBe(0);
    expect((await scoped.forecast.deleteMany({ where: { runModel: { runId: second.id } } })).count).toBe(1);
    expect(await prisma.forecast.count({ where: { runModel: { runId: mine.run.id } } })).toBe(1);
  });

  it('refuses to create rows in another workspace', async () => {
    const mine = await database.prisma.workspace.create({ data: { name: 'a' } });
    const theirs = await database.prisma.workspace.create({ data: { name: 'b' } });
    const scoped = forWorkspace(database.prisma, mine.id);
    await expect(scoped.dataset.create({ data: { workspaceId: theirs.id, name: 'x' } })).rejects.toBeInstanceOf(WorkspaceScopeError);
    await expect(scoped.dataset.create({ data: { workspaceId: mine.id, name: 'x' } })).resolves.toMatchObject({ workspaceId: mine.id });
  });
});
