import { z } from 'zod';
import { metricsSchema, modelKindSchema, modelSpecSchema } from './models.schema';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const backtestSchema = z
  .object({
    /** Rolling origins: the last `windows` cutoffs, `step` points apart, each followed by `horizon` test points. */
    windows: z.number().int().min(1).max(50).default(1),
    /** Points between cutoffs; defaults to the horizon. */
    step: z.number().int().min(1).optional(),
  })
  .default({ windows: 1 });

export const createRunSchema = z.object({
  datasetId: z.string().uuid(),
  horizon: z.number().int().min(1).max(10_000),
  models: z.array(modelSpecSchema).min(1).max(20),
  backtest: backtestSchema,
  /** Seasonal period; defaults to the one for the dataset's frequency. */
  season: z.number().int().min(1).max(10_000).optional(),
});
export type CreateRunBody = z.input<typeof createRunSchema>;
export type CreateRun = z.output<typeof createRunSchema>;

export const leaderboardEntrySchema = z.object({
  runModelId: z.string(),
  kind: modelKindSchema,
  params: z.record(z.string(), z.unknown()),
  status: runStatusSchema,
  rank: z.number().int().nullable(),
  metrics: metricsSchema.nullable(),
  progress: z.number().min(0).max(1),
  fitSeconds: z.number().nullable(),
  predictSeconds: z.number().nullable(),
  backend: z.string().nullable(),
  error: z.string().nullable(),
});
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;

export const runSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  status: runStatusSchema,
  horizon: z.number().int(),
  season: z.number().int(),
  backtest: z.object({ windows: z.number().int(), step: z.number().int() }),
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
  kind: modelKindSchema,
  timestamps: z.array(z.string()),
  yhat: z.array(z.number()),
  intervals: intervalsSchema,
});
export type SeriesForecast = z.infer<typeof seriesForecastSchema>;

/** Server-sent event payload on GET /api/runs/:id/events. */
export const runEventSchema = z.object({
  type: z.enum(['progress', 'model-completed', 'model-failed', 'run-completed', 'run-failed']),
  runId: z.string(),
  runModelId: z.string().optional(),
  fraction: z.number().optional(),
  message: z.string().optional(),
});
export type RunEvent = z.infer<typeof runEventSchema>;
