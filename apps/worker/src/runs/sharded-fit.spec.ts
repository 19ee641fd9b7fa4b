import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelRun, datasetContentHash, decodeValues, insertDatasetSeries, openTestDatabase, planFits, updateSeriesValues, type Database } from '@foretell/db';
import type { ModelProgress } from '@foretell/contracts';
import { ABORT_REASONS, type JobLike } from '@foretell/queue';
import { quietJob as job, readyDataset } from '../testing/fixtures';
import { finishRun } from './finish-run';
import { fitModel } from './fit-model';
import { fitShard } from './fit-shard';

/**
 * A local model's fit split into shards of 7 series (each fitted alone, then merged) must leave exactly what the
 * unsharded fit leaves: metrics, ranks, coverage, per-step metrics, every series' forecast, intervals and backtest,
 * and the registry's model. Shards are idempotent (a redelivered one changes nothing) and a cancel stops them.
 */
const START = new Date('2000-01-03T00:00:00Z');
const KINDS = ['seasonal_naive', 'theta', 'auto_ets'];

/** The first 60 M4 weekly series, their last 80 weeks (a shared public dataset). */
function m4Weekly(): { key: string; start: Date; values: Float64Array }[] {
  const lines = readFileSync(resolve(__dirname, '../../../../../shared/datasets/m4-weekly-train.csv'), 'utf8').split('\n').slice(1).filter(Boolean);
  const byKey = new Map<string, number[]>();
  for (const line of lines) {
    const [key, , y] = line.split(',');
    if (!byKey.has(key!)) byKey.set(key!, []);
    byKey.get(key!)!.push(Number(y));
  }
  return [...byKey].slice(0, 60).map(([key, values]) => ({ key, start: START, values: Float64Array.from(values.slice(-80)) }));
}

describe('a sharded fit', () => {
  let db: Database;
  let workspaceId: string;
  let datasetId: string;
  beforeAll(async () => {
    db = await openTestDatabase('worker_sharded_fit');
    ({ workspaceId, datasetId } = await readyDataset(db, { name: 'm4', profile: { frequency: { unit: 'week', step: 1 } } }, m4Weekly()));
  });
  afterAll(() => db?.close());

  async function queuedRun() {
    return db.prisma.run.create({
      data: {
        workspaceId,
        datasetId,
        horizon: 6,
        season: 1,
        windows: 2,
        step: 6,
        models: { create: KINDS.map((kind, position) => ({ position, kind })) },
      },
      include: { models: { orderBy: { position: 'asc' } } },
    });
  }

  /** The model at `position` of a queued run, planned in shards of 7 series, and what its shard jobs carry but their index. */
  async function plannedShards(position: number) {
    const run = await queuedRun();
    const model = run.models[position]!;
    const [fit] = await planFits(db.prisma, run, [model], 7);
    return { run, model, fit: fit!, shard: { runId: run.id, runModelId: model.id, of: fit!.shards!.count, series: 7 } };
  }

  /** Fits every model of a run as the queue would: shards (when planned) in any order, then the model's job. */
  async function fitRun(run: Awaited<ReturnType<typeof queuedRun>>, shardSeries: number, shardOrder = (n: number) => [...Array(n).keys()]) {
    const fits = await planFits(db.prisma, run, run.models, shardSeries);
    for (const fit of fits) {
      if (fit.shards) {
        for (const index of shardOrder(fit.shards.count)) {
          await fitShard(db, job, { runId: run.id, runModelId: fit.runModelId, index, of: fit.shards.count, series: fit.shards.series });
        }
      }
      await fitModel(db, job, { runId: run.id, ...fit });
    }
    await finishRun(db.prisma, { runId: run.id });
    return fits;
  }

  async function results(runId: string) {
    const run = await db.prisma.run.findUniqueOrThrow({
      where: { id: runId },
      include: { models: { orderBy: { position: 'asc' }, include: { trained: true, forecasts: { include: { series: true }, orderBy: { series: { position: 'asc' } } } } } },
    });
    return {
      status: run.status,
      models: run.models.map((m) => ({
        kind: m.kind,
        status: m.status,
        rank: m.rank,
        metrics: m.metrics,
        perStep: m.perStep,
        coverage: m.coverage,
        warnings: m.warnings,
        forecasts: m.forecasts.map((f) => ({
          key: f.series.key,
          yhat: Array.from(decodeValues(f.yhat)),
          origin: f.origin,
          intervals: f.intervals,
          backtest: f.backtest,
          metrics: f.metrics,
          maseScale: f.maseScale,
        })),
        trained: m.trained && { seriesKeys: m.trained.seriesKeys, artifact: m.trained.artifact, metrics: m.trained.metrics },
      })),
    };
  }

  it('leaves the same leaderboard, forecasts, intervals and saved models as one job per model', async () => {
    const whole = await queuedRun();
    expect((await fitRun(whole, 60)).every((f) => !f.shards)).toBe(true);
    const sharded = await queuedRun();
    // Shards end in any order: here the last first.
    const fits = await fitRun(sharded, 7, (n) => [...Array(n).keys()].reverse());
    expect(fits.map((f) => f.shards)).toEqual(KINDS.map(() => ({ count: 9, series: 7 })));

    const [a, b] = [await results(whole.id), await results(sharded.id)];
    expect(a.status).toBe('completed');
    expect(a.models.every((m) => m.status === 'completed' && m.forecasts.length === 60)).toBe(true);
    expect(a.models[0]!.forecasts[0]!.intervals).toHaveProperty('80');
    expect(b).toEqual(a);
  }, 180_000);

  it('moves its model forward only, saying truly where it is: shards saved of all, then the merge', async () => {
    const run = await queuedRun();
    const model = run.models[1]!;
    const [fit] = await planFits(db.prisma, run, [model], 7);
    const of = fit!.shards!.count;
    // What every job of the model reported (its shards', its merge's), in order, and what the run page would read.
    const reported: ModelProgress[] = [];
    const recording = { ...job, updateProgress: async (p: ModelProgress) => void reported.push(p) } as unknown as JobLike;
    const stored = async () => {
      const row = await db.prisma.runModel.findUniqueOrThrow({ where: { id: model.id } });
      return { progress: row.progress, detail: row.progressDetail, message: row.message };
    };
    // Four shards at once, as on several workers: each fits its series while others save theirs.
    for (let first = 0; first < of; first += 4) {
      const batch = [...Array(Math.min(4, of - first)).keys()].map((k) => first + k);
      await Promise.all(batch.map((index) => fitShard(db, recording, { runId: run.id, runModelId: model.id, index, of, series: 7 })));
      expect(await stored()).toEqual({
        progress: expect.closeTo((0.9 * (first + batch.length)) / of, 12),
        detail: { phase: { kind: 'shards', done: first + batch.length, of } },
        message: `fitting shards: ${first + batch.length} of ${of} done`,
      });
    }
    await fitModel(db, recording, { runId: run.id, ...fit! });

    // The model's events (a shard's own progress is marked as such, and not its model's): one per shard saved, in
    // order, then the merge. The bar went 34% → 33% and the label flipped between shards' fits.
    const forModel = reported.filter((p) => !p.shard);
    expect(forModel.map((p) => [p.phase, p.fraction])).toEqual([
      ...Array.from({ length: of }, (_, k) => [{ kind: 'shards', done: k + 1, of }, expect.closeTo((0.9 * (k + 1)) / of, 12)]),
      [{ kind: 'merging' }, 0.9],
    ]);
    expect(reported.filter((p) => p.shard).every((p) => p.shard!.of === of && p.runModelId === model.id)).toBe(true);
    expect((await db.prisma.runModel.findUniqueOrThrow({ where: { id: model.id } })).progress).toBe(1);
  }, 120_000);

  it('changes nothing when a shard is delivered again, before or after the merge', async () => {
    const { run, model, fit, shard } = await plannedShards(1);
    await fitShard(db, job, { ...shard, index: 0 });
    const rows = await db.prisma.forecast.findMany({ where: { runModelId: model.id } });
    expect(rows).toHaveLength(7);
    expect(await fitShard(db, job, { ...shard, index: 0 })).toMatchObject({ skipped: 'done' });
    expect(await db.prisma.forecast.findMany({ where: { runModelId: model.id } })).toEqual(rows);

    for (let index = 1; index < shard.of; index++) await fitShard(db, job, { ...shard, index });
    await fitModel(db, job, { runId: run.id, ...fit });
    const merged = await db.prisma.forecast.findMany({ where: { runModelId: model.id }, orderBy: { seriesId: 'asc' } });
    expect(merged).toHaveLength(60);
    expect(await db.prisma.runModelShard.count({ where: { runModelId: model.id } })).toBe(0);
    expect(await fitShard(db, job, { ...shard, index: 3 })).toMatchObject({ skipped: 'completed' });
    expect(await fitModel(db, job, { runId: run.id, ...fit })).toMatchObject({ skipped: 'completed' });
    expect(await db.prisma.forecast.findMany({ where: { runModelId: model.id }, orderBy: { seriesId: 'asc' } })).toEqual(merged);
  }, 120_000);

  it('fails the model when a shard never saved, naming it', async () => {
    const { run, model, fit, shard } = await plannedShards(0);
    for (let index = 0; index < shard.of; index++) {
      if (index !== 4) await fitShard(db, job, { ...shard, index });
    }
    await fitModel(db, job, { runId: run.id, ...fit });
    const failed = await db.prisma.runModel.findUniqueOrThrow({ where: { id: model.id } });
    expect([failed.status, failed.error]).toEqual(['failed', 'Shard 5 of 9 did not finish.']);
  }, 60_000);

  it('reads one dataset version in every shard: a shard that finds rows appended since its siblings read stops the model', async () => {
    // A dataset of its own (rows are appended to it): 20 series, so shards of 7 make three.
    const series = m4Weekly().slice(0, 20);
    const dataset = await db.prisma.dataset.create({
      data: { workspaceId, name: 'appended', status: 'ready', profile: { frequency: { unit: 'week', step: 1 } }, contentHash: datasetContentHash(series) },
    });
    await insertDatasetSeries(db.pool, dataset.id, series);
    const run = await db.prisma.run.create({
      data: { workspaceId, datasetId: dataset.id, horizon: 6, season: 1, windows: 2, step: 6, models: { create: [{ position: 0, kind: 'naive' }] } },
      include: { models: true },
    });
    const model = run.models[0]!;
    const [fit] = await planFits(db.prisma, run, [model], 7);
    const shard = { runId: run.id, runModelId: model.id, of: fit!.shards!.count, series: 7 };
    await fitShard(db, job, { ...shard, index: 0 });

    // An append while the model fits: every series one week longer (version 2). Version 1's values are gone.
    const longer = series.map((s) => ({ ...s, values: Float64Array.from([...s.values, s.values.at(-1)!]) }));
    const stored = await db.prisma.series.findMany({ where: { datasetId: dataset.id }, orderBy: { position: 'asc' } });
    await updateSeriesValues(db.pool, stored.map((s, i) => ({ id: s.id, values: longer[i]!.values })));
    await db.prisma.dataset.update({ where: { id: dataset.id }, data: { version: 2, contentHash: datasetContentHash(longer) } });

    await expect(fitShard(db, job, { ...shard, index: 1 })).rejects.toThrow(
      expect.objectContaining({ name: 'UserError', message: expect.stringMatching(/^Rows were appended to the dataset while .* version 1, .* version 2/) }),
    );
    // Nothing of version 2 was saved beside version 1's shard, and the model still names the version its shards read.
    expect(await db.prisma.runModelShard.findMany({ where: { runModelId: model.id }, select: { index: true, datasetVersion: true } })).toEqual([{ index: 0, datasetVersion: 1 }]);
    expect(await db.prisma.forecast.count({ where: { runModelId: model.id } })).toBe(7);
    const after = await db.prisma.runModel.findUniqueOrThrow({ where: { id: model.id } });
    expect([after.datasetVersion, after.datasetHash]).toEqual([1, dataset.contentHash]);
  }, 60_000);

  it('stops its shards when the run is cancelled: the model stays cancelled', async () => {
    const { run, model, fit, shard } = await plannedShards(2);
    await fitShard(db, job, { ...shard, index: 0 });
    // Shards in progress hear the cancel (the worker aborts their signals) and stop without saving, whether it lands
    // as they load their series or as they are about to save them.
    const paused = (['loading', 'saving'] as const).map((at, k) => {
      const abort = new AbortController();
      let reached!: () => void;
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      const pausing = {
        ...job,
        updateProgress: async (p: { phase: { kind: string } }) => {
          if (p.phase.kind !== at) return;
          reached();
          await new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve()));
        },
      } as unknown as JobLike;
      return { abort, arrived, running: fitShard(db, pausing, { ...shard, index: k + 1 }, abort.signal) };
    });
    await Promise.all(paused.map((p) => p.arrived));
    expect(await cancelRun(db.prisma, run.id)).toContain(model.id);
    for (const p of paused) p.abort.abort(ABORT_REASONS.cancelled);
    await Promise.all([
      expect(paused[0]!.running).rejects.toThrow('Cancelled during loading data.'),
      expect(paused[1]!.running).rejects.toThrow('Cancelled while saving.'),
    ]);
    // Shards not started yet end at once.
    expect(await fitShard(db, job, { ...shard, index: 3 })).toMatchObject({ skipped: 'cancelled' });
    await fitModel(db, job, { runId: run.id, ...fit });
    await finishRun(db.prisma, { runId: run.id });
    const after = await db.prisma.runModel.findUniqueOrThrow({ where: { id: model.id } });
    expect(after.status).toBe('cancelled');
    expect(await db.prisma.runModelShard.count({ where: { runModelId: model.id } })).toBe(1);
  }, 60_000);
});
