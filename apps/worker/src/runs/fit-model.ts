import {
  modelSpecSchema,
  progressLabel,
  runSeasonalities,
  type FitModelJob,
  type Frequency,
  type ModelProgress,
  type ModelSpec,
  type NeuralFitReport,
  type ProgressDetail,
} from '@foretell/contracts';
import {
  claimModel,
  completeModel,
  insertForecasts,
  joinFit,
  loadDatasetSnapshot,
  recordCalendarUsed,
  reportModelProgress,
  type Database,
  type ForecastRow,
  type LoadedSeries,
  type Prisma,
  type PrismaClient,
  type Run,
} from '@foretell/db';
import {
  evaluateModel,
  type EvaluateInput,
  type ModelArtifact,
  type ModelEvaluation,
  type SeriesCovariates,
  type SeriesEvaluation,
} from '@foretell/forecasting';
import { mergeShards } from './merge-shards';
import { fitMaseScale } from '../accuracy/fit-scale';
import { trainedModelRow } from '../registry/trained-model';
import { frequencyOf, seriesForRun } from './run-series';
import { storedBacktest } from './stored-backtest';
import { ABORT_REASONS, UserError, type JobLike } from '@foretell/queue';
import { neuralFitReport, trainingSoFar } from './fit-report';

/** Progress is written to Postgres at most this often (and the write tells whether the model was cancelled). */
const PROGRESS_WRITE_MS = 1_000;
/** Saving thousands of forecasts (or their intervals) can outlast Prisma's default 5 s for an interactive transaction. */
export const SAVE_TIMEOUT_MS = 120_000;

/**
 * Thrown when a fit stops because its run was cancelled (the model was marked by the cancel), with a neural fit's
 * training so far, which the cancelled model keeps.
 */
export class FitCancelledError extends Error {
  override name = 'FitCancelledError';
  constructor(
    message: string,
    readonly report?: NeuralFitReport,
  ) {
    super(message);
  }
}

/** Thrown when a fit stops because its worker shuts down: the job goes back to the queue for another worker. */
export class FitHandedBackError extends Error {
  override name = 'FitHandedBackError';
}

/**
 * Fits one model of a run on every series of its dataset: rolling-origin backtest, metrics, and the forecast after
 * each series ends. `signal` aborts it (cancel, shutdown); the progress writes abort it too when they find the model
 * no longer running, so a cancel reaches a fit even if the worker missed the cancel event. Results are saved once:
 * in one transaction that first claims the model (running → completed), so a retried, duplicated or cancelled job
 * never duplicates rows or overwrites a cancel. A sharded fit's job (`shards` in its payload) runs once its shard jobs
 * have ended, as their merge (`mergeShards`).
 */
export async function fitModel(database: Database, job: JobLike, data: FitModelJob, signal?: AbortSignal) {
  const { prisma, pool } = database;
  const { runId, runModelId } = data;
  if (data.shards) return mergeShards(prisma, job, data, data.shards);
  const fit = await loadFit(prisma, data);
  if ('skipped' in fit) return fit;
  const { runModel, spec } = fit;

  if (!(await claimModel(prisma, runId, runModelId))) return { runId, runModelId, skipped: 'cancelled' };

  const abort = new AbortController();
  const forward = () => abort.abort(signal?.reason);
  signal?.addEventListener('abort', forward, { once: true });
  try {
    const report = progressReporter(prisma, job, { runId, runModelId }, abort);
    await report(0, { phase: { kind: 'loading' } });
    const { run } = runModel;
    const frequency = frequencyOf(run.dataset.profile);
    // Rows may have been appended since the run was created: the version and hash saved are those of the values read.
    const dataset = await loadDatasetSnapshot(pool, run.datasetId);
    if (!dataset) throw new UserError(`Dataset ${run.datasetId} of run ${runId} no longer exists.`);
    const { targets: series, covariates, warnings, calendar } = seriesForRun(dataset.series, run, spec, frequency);
    const evaluation = await evaluateModel(engineInput(run, spec, series, covariates, frequency, abort.signal, report)).catch(
      stoppedBy(abort.signal, report),
    );

    await report(1, { phase: { kind: 'saving' } });
    await saveFit(
      prisma,
      fit,
      {
        evaluation,
        dataWarnings: warnings,
        report: evaluation.fitReport ? neuralFitReport(evaluation.fitReport) : undefined,
        datasetVersion: dataset.version,
        datasetHash: dataset.contentHash,
        calendar,
        trained: evaluation.artifact && { model: evaluation.artifact.model, seriesKeys: evaluation.artifact.series.map((i) => series[i]!.key) },
      },
      async (tx) => {
        await tx.forecast.deleteMany({ where: { runModelId } });
        await insertForecasts(tx, runModelId, forecastRows(series, evaluation.perSeries, run.season));
      },
    );
    return { runId, runModelId };
  } finally {
    signal?.removeEventListener('abort', forward);
  }
}

/** A fitted model's results, as `saveFit` stores them. */
export interface FitResults {
  evaluation: Omit<ModelEvaluation, 'perSeries'>;
  /** What reading the series said, listed before the engine's own warnings. */
  dataWarnings: readonly string[];
  report?: NeuralFitReport;
  datasetVersion: number;
  datasetHash: string | null;
  /** What the run's calendar came to, when the model read it. */
  calendar?: Prisma.InputJsonValue | null;
  /** The final model for the registry and the keys of the series it covers, when the engine kept one. */
  trained?: { model: ModelArtifact; seriesKeys: string[] };
}

/**
 * Completes a claimed fit (a whole one, or the merge of its shards): its results, its forecast rows (`writeRows`), the
 * calendar its run used and its registry row, in one transaction that completes the model only if it still runs, so
 * a retried or duplicated job never writes twice and a cancel is never overwritten. A cancel that came while saving
 * stops the job as a cancel.
 */
export async function saveFit(
  prisma: PrismaClient,
  { runModel, spec }: LoadedFit,
  results: FitResults,
  writeRows: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<void> {
  const { run } = runModel;
  const { evaluation, datasetVersion, datasetHash, trained } = results;
  const saved = await prisma.$transaction(
    async (tx) => {
      const done = await completeModel(tx, runModel.id, {
        message: null,
        metrics: evaluation.metrics,
        perStep: evaluation.perStep,
        coverage: evaluation.coverage,
        warnings: [...results.dataWarnings, ...evaluation.warnings].slice(0, 50),
        fitSeconds: evaluation.fitSeconds,
        predictSeconds: evaluation.predictSeconds,
        backend: evaluation.backend,
        report: results.report,
        datasetVersion,
        datasetHash,
      });
      if (!done) return false;
      if (results.calendar) await recordCalendarUsed(tx, run.id, results.calendar);
      await writeRows(tx);
      if (trained) {
        const model = trainedModelRow(
          { ...run, runModelId: runModel.id, kind: runModel.kind, params: spec.params, datasetVersion, datasetHash },
          { ...trained, metrics: evaluation.metrics, backend: evaluation.backend },
        );
        await tx.trainedModel.upsert({ where: { runModelId: runModel.id }, create: model, update: model });
      }
      return true;
    },
    { timeout: SAVE_TIMEOUT_MS },
  );
  if (saved) return;
  // The model was no longer running: a cancel that came while saving stops the job as a cancel.
  const now = await prisma.runModel.findUnique({ where: { id: runModel.id }, select: { status: true } });
  if (now?.status === 'cancelled') throw new FitCancelledError('Cancelled while saving.', results.report);
}

/**
 * Engine errors that retrying cannot fix become user errors with the engine's message: impossible settings (the
 * engine throws RangeError: horizon, windows, series too short for a network) and diverged training (NaN loss).
 */
export function asUserError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof UserError) return error;
  if (error instanceof RangeError || error.name === 'CovariatesError' || /training diverged/i.test(error.message)) {
    return new UserError(error.message);
  }
  return error;
}

/**
 * Reports a fit's progress on its job and (at most every PROGRESS_WRITE_MS) on its model's row, and aborts the fit
 * when that write finds the model no longer running. A shard's fit (`shard`) is its job's alone: its shards run side by
 * side, each from its own start, so it is marked as the shard's and the model's row is only checked, never moved
 * (the model moves as each shard saves: `reportShardsDone`).
 */
export function progressReporter(
  prisma: PrismaClient,
  job: JobLike,
  { runId, runModelId, shard }: Pick<ModelProgress, 'runId' | 'runModelId' | 'shard'>,
  abort: AbortController,
) {
  let lastWrite = 0;
  let last: ProgressDetail = { phase: { kind: 'loading' } };
  const training = trainingSoFar();
  const report = async (fraction: number, detail: ProgressDetail) => {
    last = detail;
    training.add(detail);
    const progress: ModelProgress = { runId, runModelId, fraction: Math.min(1, Math.max(0, fraction)), ...detail, ...(shard && { shard }) };
    await job.updateProgress(progress);
    const now = Date.now();
    if (now - lastWrite < PROGRESS_WRITE_MS) return;
    lastWrite = now;
    // No longer running: cancelled through the API (this worker may have missed the cancel event).
    const running = shard ? await joinFit(prisma, runModelId) : await reportModelProgress(prisma, runModelId, progress);
    if (!running) abort.abort(ABORT_REASONS.cancelled);
  };
  /** Where the fit was and what it trained, for the record of a cancel. */
  return Object.assign(report, { last: () => progressLabel(last), training: () => training.report() });
}

type Reporter = ReturnType<typeof progressReporter>;
/** The run's settings the engine reads. */
type EngineSettings = Pick<Run, 'horizon' | 'season' | 'windows' | 'step' | 'seed' | 'levels'>;

/**
 * The model to fit and its parsed configuration, or why there is nothing to do (it ended, or its run was cancelled).
 * A user error when the model is gone or its configuration does not parse.
 */
export async function loadFit(prisma: PrismaClient, { runId, runModelId }: { runId: string; runModelId: string }) {
  const runModel = await prisma.runModel.findUnique({
    where: { id: runModelId },
    include: { run: { include: { dataset: { select: { profile: true } } } } },
  });
  if (!runModel) throw new UserError(`Model ${runModelId} of run ${runId} no longer exists.`);
  if (runModel.status === 'completed' || runModel.status === 'cancelled' || runModel.status === 'failed' || runModel.run.status === 'cancelled') {
    return { runId, runModelId, skipped: runModel.status };
  }
  const spec = modelSpecSchema.safeParse({ kind: runModel.kind, params: runModel.params });
  if (!spec.success) throw new UserError(`Invalid model configuration: ${spec.error.issues[0]?.message}`);
  return { runModel, spec: spec.data };
}

/** A model loaded to be fitted (not skipped). */
type LoadedFit = Extract<Awaited<ReturnType<typeof loadFit>>, { spec: unknown }>;

/** What the engine is asked for one model of a run on some of its series (all of them, or a shard's). */
export function engineInput(
  run: EngineSettings,
  spec: ModelSpec,
  series: readonly LoadedSeries[],
  covariates: SeriesCovariates[] | undefined,
  frequency: Frequency,
  signal: AbortSignal,
  report: Reporter,
): EvaluateInput {
  return {
    series: series.map((s) => s.values),
    // Messages name series by the keys the user knows, not by position.
    seriesNames: series.map((s) => s.key),
    covariates,
    horizon: run.horizon,
    season: run.season,
    // The periods the models test on each series (hourly: 24 and 168 with the default season).
    seasonalities: runSeasonalities(frequency, run.season),
    backtest: { windows: run.windows, step: run.step },
    model: spec,
    seed: run.seed,
    levels: run.levels,
    keepArtifact: true,
    signal,
    // Progress is best-effort: a failed write must not fail the fit (the next report tries again).
    onProgress: ({ fraction, phase, epoch }) => void report(fraction, { phase, epoch }).catch(() => undefined),
  };
}

/** Why an engine call stopped: a cancel or a shutdown (the abort's reason), or an error retrying may not fix. */
export function stoppedBy(signal: AbortSignal, report: Reporter) {
  return (error: unknown): never => {
    if (!signal.aborted) throw asUserError(error);
    if (signal.reason === ABORT_REASONS.shutdown) throw new FitHandedBackError('Its worker shut down.');
    throw new FitCancelledError(`Cancelled during ${report.last()}.`, report.training());
  };
}

/** The forecast rows of some series (intervals as the results have them: none yet for a shard). */
export function forecastRows(
  series: readonly LoadedSeries[],
  results: readonly (Omit<SeriesEvaluation, 'intervals'> & Partial<Pick<SeriesEvaluation, 'intervals'>>)[],
  season: number,
): ForecastRow[] {
  return results.map((result, i) => ({
    seriesId: series[i]!.id,
    yhat: result.forecast,
    // The series may grow after this fit: the forecast's dates follow the values the model saw.
    origin: series[i]!.values.length,
    maseScale: fitMaseScale(series[i]!.values, season),
    intervals: result.intervals ?? null,
    backtest: storedBacktest(series[i]!.values, result.backtest),
    metrics: result.metrics ?? {},
  }));
}
