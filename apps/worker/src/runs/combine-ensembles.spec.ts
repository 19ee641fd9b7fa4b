import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, encodeValues, type Database } from '@foretell/db';
import { combineEnsembles } from './combine-ensembles';
import { finishRun } from './finish-run';

describe('combineEnsembles', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('worker_ensembles');
  });
  afterAll(() => db?.close());

  /** A run on one series of 12 points, horizon 2, one backtest window at 10; `level` is what each model forecast. */
  async function runWith(models: { kind: string; status: 'completed' | 'failed'; level?: number }[], ensembleTop: number, status: 'running' | 'cancelled' = 'running') {
    const workspace = await db.prisma.workspace.create({ data: { name: 'w' } });
    const dataset = await db.prisma.dataset.create({ data: { workspaceId: workspace.id, name: 'd', status: 'ready', profile: { frequency: { unit: 'day', step: 1 } } } });
    const series = await db.prisma.series.create({
      data: { datasetId: dataset.id, key: 'a', position: 0, start: new Date('2020-01-01'), length: 12, values: encodeValues(Float64Array.from({ length: 12 }, (_, t) => t)) },
    });
    const run = await db.prisma.run.create({
      data: {
        workspaceId: workspace.id,
        datasetId: dataset.id,
        horizon: 2,
        season: 1,
        windows: 1,
        step: 2,
        status,
        models: {
          create: [
            ...models.map((m, position) => ({
              position,
              kind: m.kind,
              status: m.status,
              metrics: m.status === 'completed' ? { mase: m.level, smape: 1, mae: 1, rmse: 1 } : undefined,
            })),
            { position: models.length, kind: 'ensemble', params: { method: 'mean', top: ensembleTop } },
          ],
        },
      },
      include: { models: { orderBy: { position: 'asc' } } },
    });
    for (const [i, m] of models.entries()) {
      if (m.status !== 'completed') continue;
      const level = m.level ?? 0;
      await db.prisma.forecast.create({
        data: {
          runModelId: run.models[i]!.id,
          seriesId: series.id,
          yhat: encodeValues(Float64Array.of(level, level)),
          origin: 12,
          intervals: {},
          backtest: { cutoffs: [10], yhat: [[level, level]], actual: [[10, 11]], metrics: [{ mase: Math.abs(10.5 - level), smape: 1, mae: 1, rmse: 1 }] },
          metrics: {},
        },
      });
    }
    return run;
  }

  it('fails an ensemble that has too few completed models, with the reason, and the run still completes', async () => {
    const run = await runWith([{ kind: 'naive', status: 'completed', level: 11 }, { kind: 'drift', status: 'failed' }], 2);
    await combineEnsembles(db, run.id);
    await finishRun(db.prisma, { runId: run.id });
    const after = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { models: { orderBy: { position: 'asc' } } } });
    expect(after.status).toBe('completed');
    expect(after.models.map((m) => [m.kind, m.status, m.rank])).toEqual([
      ['naive', 'completed', 1],
      ['drift', 'failed', null],
      ['ensemble', 'failed', null],
    ]);
    expect(after.models[2]!.error).toBe('The ensemble of the top 2 needs 2 completed models; 1 completed.');
  });

  it('combines what the members stored, once, and computes nothing for a cancelled run', async () => {
    const run = await runWith([{ kind: 'naive', status: 'completed', level: 9 }, { kind: 'drift', status: 'completed', level: 11 }], 2);
    await combineEnsembles(db, run.id);
    await combineEnsembles(db, run.id); // a retried parent job changes nothing
    const ensemble = run.models[2]!;
    const rows = await db.prisma.forecast.findMany({ where: { runModelId: ensemble.id } });
    expect(rows).toHaveLength(1);
    // With the actuals its members were scored against, as every stored backtest carries them.
    expect(rows[0]!.backtest).toMatchObject({ cutoffs: [10], yhat: [[10, 10]], actual: [[10, 11]] });
    expect((await db.prisma.runModel.findUniqueOrThrow({ where: { id: ensemble.id } })).status).toBe('completed');

    const cancelled = await runWith([{ kind: 'naive', status: 'completed', level: 9 }, { kind: 'drift', status: 'completed', level: 11 }], 2, 'cancelled');
    await combineEnsembles(db, cancelled.id);
    expect(await db.prisma.forecast.count({ where: { runModelId: cancelled.models[2]!.id } })).toBe(0);
  });
});
