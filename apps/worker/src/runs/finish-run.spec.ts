import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type Database } from '@foretell/db';
import { finishRun } from './finish-run';

describe('finishRun', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('worker_finish');
  });
  afterAll(() => db?.close());

  type ModelRow = { kind: string; status: 'completed' | 'failed' | 'running' | 'cancelled'; mase?: number | null; smape?: number | null; error?: string };
  async function runWith(models: ModelRow[], status: 'running' | 'cancelled' = 'running') {
    const dataset = await db.prisma.dataset.create({ data: { workspaceId: (await db.prisma.workspace.create({ data: { name: 'w' } })).id, name: 'd', status: 'ready' } });
    return db.prisma.run.create({
      data: {
        workspaceId: dataset.workspaceId,
        datasetId: dataset.id,
        horizon: 3,
        season: 1,
        windows: 1,
        step: 3,
        status,
        models: {
          create: models.map((m, position) => ({
            position,
            kind: m.kind,
            status: m.status,
            error: m.error,
            metrics: m.mase === undefined ? undefined : { mase: m.mase, smape: m.smape === undefined ? 10 : m.smape, mae: 1, rmse: 1 },
          })),
        },
      },
      include: { models: true },
    });
  }

  /** Finishes the run, then reads its status, whether its end is stamped, and each model's kind, rank and status. */
  async function finish(runId: string) {
    await finishRun(db.prisma, { runId });
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { models: { orderBy: { position: 'asc' } } } });
    return { status: run.status, finished: run.finishedAt !== null, models: run.models.map((m) => [m.kind, m.rank, m.status]) };
  }

  it('ranks completed models by MASE, then sMAPE, and completes the run', async () => {
    const run = await runWith([
      { kind: 'naive', status: 'completed', mase: 2.7, smape: 9 },
      { kind: 'drift', status: 'failed', error: 'boom' },
      { kind: 'seasonal_naive', status: 'completed', mase: 1.2, smape: 12 },
      { kind: 'theta', status: 'completed', mase: 1.2, smape: 11 },
      { kind: 'ses', status: 'running' },
    ]);
    expect(await finish(run.id)).toEqual({
      status: 'completed',
      finished: true,
      models: [
        ['naive', 3, 'completed'],
        ['drift', null, 'failed'],
        ['seasonal_naive', 2, 'completed'],
        ['theta', 1, 'completed'],
        ['ses', null, 'failed'],
      ],
    });
  });

  it('ranks no model on metrics it does not have: without MASE and sMAPE there is nothing to pick it by', async () => {
    // Every series beyond the engine's scoring range: the model completes (its forecasts stand) with no metric, and
    // was ranked 1, the dashboard's "Pick this".
    const run = await runWith([
      { kind: 'naive', status: 'completed', mase: null, smape: null },
      { kind: 'theta', status: 'completed', mase: null, smape: 12 },
      { kind: 'drift', status: 'completed', mase: null, smape: null },
    ]);
    expect(await finish(run.id)).toEqual({
      status: 'completed',
      finished: true,
      models: [
        ['naive', null, 'completed'],
        ['theta', 1, 'completed'],
        ['drift', null, 'completed'],
      ],
    });
  });

  it('keeps a cancelled run cancelled: ranks what completed before the cancel, marks the rest, sets finishedAt', async () => {
    const run = await runWith(
      [
        { kind: 'naive', status: 'completed', mase: 2, smape: 9 },
        { kind: 'nlinear', status: 'cancelled' },
        { kind: 'ses', status: 'running' },
      ],
      'cancelled',
    );
    await finishRun(db.prisma, { runId: run.id });
    // A duplicated job changes nothing.
    expect(await finish(run.id)).toEqual({ status: 'cancelled', finished: true, models: [['naive', 1, 'completed'], ['nlinear', null, 'cancelled'], ['ses', null, 'cancelled']] });
  });

  it('ends a run cancelled while it is being finished as cancelled: its unfinished models cancelled (not failed), its end stamped', async () => {
    const run = await runWith([
      { kind: 'naive', status: 'completed', mase: 2, smape: 9 },
      { kind: 'ses', status: 'running' },
    ]);
    // A cancel holds the run's row while the parent job starts finishing it, and commits once the job has begun.
    const cancel = await db.pool.connect();
    try {
      await cancel.query('BEGIN');
      await cancel.query(`UPDATE "Run" SET status = 'cancelled' WHERE id = $1`, [run.id]);
      const finishing = finish(run.id);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await cancel.query('COMMIT');
      expect(await finishing).toEqual({ status: 'cancelled', finished: true, models: [['naive', 1, 'completed'], ['ses', null, 'cancelled']] });
    } finally {
      cancel.release();
    }
  });

  it('fails the run with every model’s reason when none completed', async () => {
    const run = await runWith([
      { kind: 'naive', status: 'failed', error: 'series too short' },
      { kind: 'drift', status: 'failed', error: 'NaN loss' },
    ]);
    await finishRun(db.prisma, { runId: run.id });
    const after = await db.prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.status).toBe('failed');
    expect(after.error).toBe('Every model failed: naive: series too short; drift: NaN loss');
  });
});
