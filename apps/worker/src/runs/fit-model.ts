import { modelSpecSchema, type FitModelJob, type ModelProgress } from '@foretell/contracts';
import { encodeValues, loadDatasetSeries, type Database, type PrismaClient } from '@foretell/db';
import { evaluateModel } from '@foretell/forecasting';
import { UserError, type JobLike } from '@foretell/queue';

/** Progress is written to Postgres at most this often; BullMQ progress events go out on every report. */
const PROGRESS_WRITE_MS = 1_000;
/** Runs are reproducible: every model is fitted with this seed (stored with the run in a later schema). */
const RUN_SEED = 42;

/**
 * Fits one model of a run on every series of its dataset: rolling-origin backtest, metrics, and the forecast after
 * each series ends. Results replace any an interrupted attempt left, in one transaction, so retries never duplicate.
 */
export async function fitModel({ prisma, pool }: Database, job: JobLike, { runId, runModelId }: FitModelJob) {
  const runModel = await prisma.runModel.findUnique({ where: { id: runModelId }, include: { run: true } });
  if (!runModel) throw new UserError(`Model ${runModelId} of run ${runId} no longer exists.`);
  if (runModel.status === 'completed' || runModel.run.status === 'cancelled') return { runId, runModelId };
  const spec = modelSpecSchema.safeParse({ kind: runModel.kind, params: runModel.params });
  if (!spec.success) throw new UserError(`Invalid model configuration: ${spec.error.issues[0]?.message}`);

  const now = new Date();
  await prisma.$transaction([
    prisma.runModel.update({ where: { id: runModelId }, data: { status: 'running', startedAt: now, progress: 0, error: null } }),
    prisma.run.updateMany({ where: { id: runId, status: 'queued' }, data: { status: 'running', startedAt: now } }),
  ]);

  const report = progressReporter(prisma, job, runId, runModelId);
  await report('loading', 0);
  const series = await loadDatasetSeries(pool, runModel.run.datasetId);
  const { run } = runModel;
  const evaluation = await evaluateModel({
    series: series.map((s) => s.values),
    horizon: run.horizon,
    season: run.season,
    backtest: { windows: run.windows, step: run.step },
    model: spec.data,
    seed: RUN_SEED,
    onProgress: (fraction, message) => void report('backtest', fraction, message),
  });

  await report('saving', 1);
  await prisma.$transaction([
    prisma.forecast.deleteMany({ where: { runModelId } }),
    prisma.forecast.createMany({
      data: evaluation.perSeries.map((result, i) => ({
        runModelId,
        seriesId: series[i]!.id,
        yhat: encodeValues(result.forecast),
        intervals: result.intervals,
        backtest: result.backtest,
        metrics: result.metrics ?? {},
      })),
    }),
    prisma.runModel.update({
      where: { id: runModelId },
      data: {
        status: 'completed',
        progress: 1,
        message: null,
        metrics: evaluation.metrics,
        fitSeconds: evaluation.fitSeconds,
        predictSeconds: evaluation.predictSeconds,
        backend: evaluation.backend,
        finishedAt: new Date(),
      },
    }),
  ]);
  return { runId, runModelId };
}

/** Records why a model failed, for the leaderboard. */
export async function markModelFailed(prisma: PrismaClient, runModelId: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  await prisma.runModel.updateMany({
    where: { id: runModelId },
    data: { status: 'failed', error: message.slice(0, 2_000), finishedAt: new Date() },
  });
}

function progressReporter(prisma: PrismaClient, job: JobLike, runId: string, runModelId: string) {
  let lastWrite = 0;
  return async (phase: ModelProgress['phase'], fraction: number, message?: string) => {
    const progress: ModelProgress = { runId, runModelId, phase, fraction: Math.min(1, Math.max(0, fraction)), message };
    await job.updateProgress(progress);
    const now = Date.now();
    if (now - lastWrite >= PROGRESS_WRITE_MS) {
      lastWrite = now;
      await prisma.runModel.update({ where: { id: runModelId }, data: { progress: progress.fraction, message: message ?? phase } });
    }
  };
}
