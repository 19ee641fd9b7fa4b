import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neuralFitReportSchema, type ModelProgress } from '@foretell/contracts';
import { cancelRun, noteModelCancelled, openTestDatabase, type Database } from '@foretell/db';
import { ABORT_REASONS, type JobLike } from '@foretell/queue';
import { readyDataset } from '../testing/fixtures';
import { FitCancelledError, fitModel } from './fit-model';

/** A neural fit cancelled mid-training keeps the epochs it ran: the run page draws them (its final report never comes). */
describe('a neural fit cancelled mid-training', () => {
  let db: Database;
  let workspaceId: string;
  let datasetId: string;
  beforeAll(async () => {
    db = await openTestDatabase('worker_cancelled_fit');
    const values = Float64Array.from({ length: 120 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 12) + t / 50);
    ({ workspaceId, datasetId } = await readyDataset(db, { name: 'd', profile: { frequency: { unit: 'month', step: 1 } } }, [
      { key: 'a', start: new Date('2000-01-01T00:00:00Z'), values },
    ]));
  });
  afterAll(() => db?.close());

  it('keeps its partial fit report: the epochs run so far, in the fit it was stopped in', async () => {
    const run = await db.prisma.run.create({
      data: {
        workspaceId,
        datasetId,
        horizon: 6,
        season: 12,
        windows: 1,
        step: 6,
        models: { create: [{ position: 0, kind: 'nlinear', params: { epochs: 40, patience: 0, valueScale: 'linear' } }] }, // one network
      },
      include: { models: true },
    });
    const model = run.models[0]!;
    const abort = new AbortController();
    const losses: number[] = [];
    // The cancel lands as the fit reports its fifth epoch (as the API's cancel relays it to the worker's signal).
    const job = {
      id: '1',
      name: 'fit',
      data: {},
      attemptsMade: 0,
      opts: {},
      moveToWait: async () => undefined,
      updateProgress: async (progress: ModelProgress) => {
        if (!progress.epoch) return;
        losses.push(progress.epoch.loss);
        if (progress.epoch.n !== 5) return;
        await cancelRun(db.prisma, run.id);
        abort.abort(ABORT_REASONS.cancelled);
      },
    } as unknown as JobLike;

    const stopped = await fitModel(db, job, { runId: run.id, runModelId: model.id }, abort.signal).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(FitCancelledError);
    const cancel = stopped as FitCancelledError;
    // Training goes on while the cancel is written (progress reports are not awaited): it stops a few epochs later.
    const [, ran] = /^Cancelled during backtest window 1 of 1 · epoch (\d+) of 40\.$/.exec(cancel.message) ?? [];
    const epochs = Number(ran);
    expect(epochs).toBeGreaterThanOrEqual(5);
    expect(epochs).toBeLessThan(40);
    // What the processor records for a cancelled fit.
    await noteModelCancelled(db.prisma, model.id, cancel.message, cancel.report);

    const after = await db.prisma.runModel.findUniqueOrThrow({ where: { id: model.id } });
    expect(after.status).toBe('cancelled');
    const report = neuralFitReportSchema.parse(after.report);
    expect(report).toMatchObject({ epochs, maxEpochs: 40, members: 1, parameterCount: null, stoppedIn: { kind: 'backtest', window: 1, of: 1 } });
    expect(report.curve.map((e) => e.epoch)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    expect(report.curve.map((e) => e.loss)).toEqual(losses.slice(0, epochs));
  }, 60_000);
});
