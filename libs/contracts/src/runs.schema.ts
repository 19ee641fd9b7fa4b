import { z } from 'zod';
import { calendarSpecSchema, calendarUsedSchema } from './calendar.schema';
import { SERIES_KEY_MAX_LENGTH } from './datasets.schema';
import { ensembleSpecSchema, runModelKindSchema } from './ensembles.schema';
import { MODEL_PRESET_NAMES } from './model-presets';
import { metricNameSchema, metricsSchema, modelSpecSchema } from './models.schema';
import { fitEpochSchema, fitPhaseSchema, modelPhaseSchema, progressDetailSchema } from './progress.schema';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/**
 * Backtest windows the dashboard's run fields start from (new runs and schedules alike): three origins score a model
 * on more than one stretch of the data, at four fits per model. The API's default for a body without `backtest`
 * stays one window, so scripted clients keep their cost.
 */
export const DEFAULT_BACKTEST_WINDOWS = 3;

export const backtestSchema = z
  .object({
    /** Rolling origins: the last `windows` cutoffs, `step` points apart, each followed by `horizon` test points. */
    windows: z.number().int().min(1).max(50).default(1),
    /** Points between cutoffs; defaults to the horizon. */
    step: z.number().int().min(1).optional(),
  })
  .strict()
  .default({ windows: 1 });

const seriesKeys = z.array(z.string().min(1).max(SERIES_KEY_MAX_LENGTH)).max(100);

/**
 * Which series a run forecasts and which it reads beside them, by key (e.g. the columns of a wide file): `target`
 * series are forecast; `past` covariates are known up to each target's end; `future` ones also for the horizon after
 * it (their series run `horizon` points longer). Covariate series must start where the targets do. Models that
 * cannot use covariates forecast the targets alone, with a warning.
 */
export const runCovariatesSchema = z
  .object({ target: seriesKeys.min(1), past: seriesKeys.default([]), future: seriesKeys.default([]) })
  .strict()
  .refine((c) => new Set([...c.target, ...c.past, ...c.future]).size === c.target.length + c.past.length + c.future.length, {
    message: 'a series can have one role only (target, past or future)',
  })
  .refine((c) => c.past.length + c.future.length > 0, { message: 'name at least one past or future covariate' });
export type RunCovariates = z.output<typeof runCovariatesSchema>;

/** Refines a list: an item whose `key` an earlier item has is an issue at its index (and `path` below it). */
function onceEach<T>(key: (item: T) => string, issue: (item: T) => { path?: string[]; message: string }) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(key(item))) {
        const { path = [], message } = issue(item);
        ctx.addIssue({ code: 'custom', path: [i, ...path], message });
      }
      seen.add(key(item));
    });
  };
}

/** What a run fits: its models (or a preset that names them), ensembles of them, and the backtest that scores them. */
const runFields = {
  horizon: z.number().int().min(1).max(10_000),
  models: z
    .array(modelSpecSchema)
    .min(1)
    .max(20)
    // A run's rows, charts and saved models are told apart by kind: two of one kind would be one name twice.
    .superRefine(
      onceEach(
        ({ kind }) => kind,
        ({ kind }) => ({ path: ['kind'], message: `${kind} is given more than once; a run compares each model once: to compare two settings of ${kind}, start a run for each` }),
      ),
    )
    .optional(),
  /** A named model set with its ensembles (MODEL_PRESETS), instead of `models` and `ensembles`. */
  preset: z.enum(MODEL_PRESET_NAMES).optional(),
  ensembles: z
    .array(ensembleSpecSchema)
    .max(5)
    // The same combination twice would be fitted, ranked and saved twice under one name.
    .superRefine(
      onceEach(
        ({ method, top }) => `${method}:${top}`,
        ({ method, top }) => ({ message: `the ${method} of the top ${top} is given more than once; give each ensemble once` }),
      ),
    )
    .default([]),
  backtest: backtestSchema,
  /** Seasonal period; defaults to the one for the dataset's frequency. */
  season: z.number().int().min(1).max(10_000).optional(),
  /** Prediction interval levels in percent, calibrated on the backtest errors. */
  levels: z
    .array(z.number().int().min(50).max(99))
    .min(1)
    .max(4)
    .superRefine((levels, ctx) => {
      const repeated = levels.find((level, i) => levels.indexOf(level) !== i);
      // Each level names two columns (lo_80, hi_80) of the results: a repeat would make them ambiguous.
      if (repeated !== undefined) ctx.addIssue({ code: 'custom', message: `${repeated} is given more than once; give each level once` });
    })
    .default([80, 95]),
  covariates: runCovariatesSchema.optional(),
  /** Calendar and holiday features built from the timestamps, read by every model that can (future covariates). */
  calendar: calendarSpecSchema.optional(),
};

function checkModels(run: { models?: unknown[]; preset?: string; ensembles: { top: number }[] }, ctx: z.RefinementCtx) {
  if (run.preset !== undefined) {
    if (run.models !== undefined) ctx.addIssue({ code: 'custom', path: ['models'], message: 'give models or a preset, not both' });
    if (run.ensembles.length > 0) ctx.addIssue({ code: 'custom', path: ['ensembles'], message: 'a preset brings its own ensembles' });
    return;
  }
  if (run.models === undefined) {
    ctx.addIssue({ code: 'custom', path: ['models'], message: 'give models (at least one) or a preset' });
    return;
  }
  const count = run.models.length;
  run.ensembles.forEach((e, i) => {
    if (e.top > count) {
      ctx.addIssue({ code: 'custom', path: ['ensembles', i, 'top'], message: `an ensemble of the top ${e.top} needs at least ${e.top} models; the run has ${count}` });
    }
  });
}

/**
 * What a schedule runs: a run without its dataset (the schedule's). Requests are read strictly (a misspelt key is
 * refused, not ignored); a stored config is read leniently, so a key a later version dropped cannot break a schedule.
 */
export const runConfigSchema = z.object(runFields).strict().superRefine(checkModels);
export const storedRunConfigSchema = z.object(runFields).superRefine(checkModels);
export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;

export const createRunSchema = z.object({ datasetId: z.string().uuid(), ...runFields }).strict().superRefine(checkModels);
export type CreateRunBody = z.input<typeof createRunSchema>;
export type CreateRun = z.output<typeof createRunSchema>;

/**
 * What a neural model's training did (RunModel.report), for the run record and the dashboard: the fit that made the
 * forecasts (on the whole series), its epochs over every ensemble member, the trainable values of one network, and
 * the loss per epoch of its first network. A fit stopped by a cancel keeps what it ran of the fit it was stopped in.
 */
export const neuralFitReportSchema = z.object({
  epochs: z.number().int(),
  /** Planned epochs per network; fewer ran when early stopping ended training. */
  maxEpochs: z.number().int(),
  members: z.number().int(),
  /** Null when not known: a fit stopped before it finished (its epochs come from its progress). */
  parameterCount: z.number().int().nullable(),
  curve: z.array(z.object({ epoch: z.number().int(), loss: z.number(), valLoss: z.number().nullable() })),
  /** Set when a cancel stopped the fit: the fit it was stopped in (the epochs above are those it ran until then). */
  stoppedIn: fitPhaseSchema.optional(),
  /**
   * The settings the fit used, defaults resolved (input size, value scale, highway, patches…): two fits of one kind
   * with different defaults differ here, not in `params`, which holds only what the request set. Absent on fits
   * recorded before it was kept and on stopped fits.
   */
  settings: z.record(z.string(), z.json()).optional(),
});
export type NeuralFitReport = z.infer<typeof neuralFitReportSchema>;

export const leaderboardEntrySchema = z.object({
  runModelId: z.string(),
  kind: runModelKindSchema,
  params: z.record(z.string(), z.unknown()),
  status: runStatusSchema,
  rank: z.number().int().nullable(),
  metrics: metricsSchema.nullable(),
  progress: z.number().min(0).max(1),
  fitSeconds: z.number().nullable(),
  predictSeconds: z.number().nullable(),
  backend: z.string().nullable(),
  /** Each metric at each horizon step (error grows with the lead time). */
  perStep: z.record(metricNameSchema, z.array(z.number().nullable())).nullable(),
  /** Cross-validated interval coverage by level ("80" → share of backtest actuals inside). */
  coverage: z.record(z.string(), z.number().nullable()).nullable(),
  warnings: z.array(z.string()),
  /** Running models: the fit they are at (and a neural fit's latest epoch), as last stored; null for the others. */
  progressDetail: progressDetailSchema.nullable().optional(),
  /** Neural models: their training (epochs, parameters, loss curve); absent for the others. */
  report: neuralFitReportSchema.nullable().optional(),
  /** The dataset version this model's fit read (null until fitted; a sharded fit's from its first shard): the run's, unless rows came between its fits. */
  datasetVersion: z.number().int().nullable(),
  error: z.string().nullable(),
  /** Ensembles: the models combined in the final forecast, best first. */
  members: z.array(z.object({ runModelId: z.string(), kind: z.string() })).optional(),
  /**
   * The row to pick: best by the run's ranking (backtest MASE, then sMAPE), ensembles included; never by test data. None
   * when that row does worse than seasonal naive on the backtest (its warning says so: seasonal naive is the pick).
   */
  recommended: z.boolean().optional(),
});
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;

/** A run compared with the previous completed run of its schedule (or dataset): champion kept or replaced, drift. */
export const runComparisonSchema = z.object({
  previousRunId: z.string().nullable(),
  /** This run's best model by backtest error (rank 1). */
  champion: z.object({ runModelId: z.string(), kind: z.string(), mase: z.number().nullable() }),
  /** The previous run's best model, and its error then and in this run (same kind and parameters). */
  previousChampion: z
    .object({ kind: z.string(), mase: z.number().nullable(), maseNow: z.number().nullable() })
    .nullable(),
  /** Relative change of the previous champion's MASE: (now - then) / then; null when the backtests are not comparable. */
  change: z.number().nullable(),
  /** Drift compares like with like: the same backtest (horizon, windows, step, season, covariates) in both runs. */
  comparable: z.boolean(),
  /** Why the runs could not be compared (null when they could). */
  reason: z.string().nullable(),
  threshold: z.number(),
  drifted: z.boolean(),
  /** Whether the dataset's champion changed with this run: its `championDecision` was `first` or `replaced`. */
  championChanged: z.boolean(),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;

const championFiguresSchema = z.object({
  trainedModelId: z.string(),
  runId: z.string(),
  kind: z.string(),
  /** Backtest MASE in its own run. */
  mase: z.number().nullable(),
  datasetVersion: z.number().int(),
});

/**
 * Whether a completed run's best model became the dataset's champion (README, "Champion"): `first` (there was none),
 * `replaced` (a comparable evaluation found it better, or retrained the champion's model on newer data), `kept`
 * (not better, or not comparable: `reason` says why), `declined` (worse than seasonal naive on its backtest: never
 * crowned; a champion, if any, stays).
 */
export const championDecisionSchema = z.object({
  decision: z.enum(['first', 'replaced', 'kept', 'declined']),
  comparable: z.boolean(),
  reason: z.string(),
  candidate: championFiguresSchema.nullable(),
  /** The champion before this run. */
  previous: championFiguresSchema.nullable(),
  /** The previous champion's model (same kind and parameters) evaluated in this run, when it was. */
  previousMaseInRun: z.number().nullable(),
});
export type ChampionDecision = z.infer<typeof championDecisionSchema>;

/** Whether the decision made the run's best model the dataset's champion. */
export function crowned(decision: ChampionDecision['decision']): boolean {
  return decision === 'first' || decision === 'replaced';
}

/** How a model's warning starts when it does worse than seasonal naive on its backtest (the engine's baseline rule). */
export const WORSE_THAN_SEASONAL_NAIVE = 'worse than seasonal naive on the backtest';

export const runSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  status: runStatusSchema,
  horizon: z.number().int(),
  season: z.number().int(),
  backtest: z.object({ windows: z.number().int(), step: z.number().int() }),
  seed: z.number().int(),
  levels: z.array(z.number().int()),
  covariates: runCovariatesSchema.nullable(),
  /** The calendar asked for, and (once a model has fitted) what it came to on the data. */
  calendar: calendarSpecSchema.extend({ used: calendarUsedSchema.nullable() }).nullable().optional(),
  trigger: z.enum(['manual', 'schedule']),
  scheduleId: z.string().nullable(),
  /**
   * The dataset version the run trained on (appends bump it): the current one at creation, then the one its models'
   * fits read (the newest, when rows were appended between them; each model says its own).
   */
  datasetVersion: z.number().int(),
  /** Scheduled runs: against the schedule's previous run (champion, drift). */
  comparison: runComparisonSchema.nullable(),
  /** Completed runs: whether its best model became the dataset's champion, and why. */
  championDecision: championDecisionSchema.nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Sorted by rank (best first); models without metrics last. */
  leaderboard: z.array(leaderboardEntrySchema),
});
export type Run = z.infer<typeof runSchema>;

/** Prediction intervals by level ("80", "95"): lower and upper bounds per horizon step. */
export const intervalsSchema = z.record(z.string(), z.object({ lo: z.array(z.number()), hi: z.array(z.number()) }));
export type Intervals = z.infer<typeof intervalsSchema>;

export const seriesForecastSchema = z.object({
  seriesId: z.string(),
  kind: runModelKindSchema,
  timestamps: z.array(z.string()),
  yhat: z.array(z.number()),
  intervals: intervalsSchema,
});
export type SeriesForecast = z.infer<typeof seriesForecastSchema>;

/** One model's backtest of one series: what it forecast from each origin, beside what happened. */
export const seriesBacktestSchema = z.object({
  seriesId: z.string(),
  kind: runModelKindSchema,
  runModelId: z.string(),
  windows: z.array(
    z.object({
      /** Timestamps of the forecast points (the first is the first point after the origin). */
      timestamps: z.array(z.string()),
      yhat: z.array(z.number().nullable()),
      actual: z.array(z.number().nullable()),
    }),
  ),
});
export type SeriesBacktest = z.infer<typeof seriesBacktestSchema>;

/**
 * A forecast row's backtest as stored with its run: the origins (indices on the series' grid), what the model forecast
 * from each, and the actuals it was scored against (null where missing), read at fit time so later appends change
 * nothing.
 */
export const storedBacktestSchema = z.object({
  cutoffs: z.array(z.number().int()),
  yhat: z.array(z.array(z.number().nullable())),
  actual: z.array(z.array(z.number().nullable())),
});
export type StoredBacktest = z.infer<typeof storedBacktestSchema>;

export const EXPORT_KINDS = ['forecasts', 'backtests'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Server-sent event payload on GET /api/runs/:id/events. */
export const runEventSchema = z.object({
  type: z.enum(['progress', 'model-completed', 'model-failed', 'run-completed', 'run-failed', 'run-cancelled']),
  runId: z.string(),
  runModelId: z.string().optional(),
  fraction: z.number().optional(),
  message: z.string().optional(),
  /** Progress events: which fit (or step around the fits) the model is at, and a neural fit's latest epoch. */
  phase: modelPhaseSchema.optional(),
  epoch: fitEpochSchema.optional(),
});
export type RunEvent = z.infer<typeof runEventSchema>;
/** The events after which a run's stream ends: it has ended. */
export const FINAL_RUN_EVENTS: ReadonlySet<RunEvent['type']> = new Set(['run-completed', 'run-failed', 'run-cancelled']);
/** The final event of a run that has ended with this status. */
export const finalRunEvent = (status: 'completed' | 'failed' | 'cancelled'): RunEvent['type'] => `run-${status}`;
