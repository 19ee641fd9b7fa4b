import { z } from 'zod';
import { queryId, queryInt, queryObject } from './query-params';

/** Paging of the live-accuracy lists: `?offset=0&limit=50` (limit at most 500). */
export const pageQuerySchema = queryObject({
  offset: queryInt({ min: 0, max: 1_000_000_000 }).default(0),
  limit: queryInt({ min: 1, max: 500 }).default(50),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });

/** Coverage by interval level ("80": 0.78): the share of actuals inside the intervals. */
const coverageSchema = z.record(z.string(), z.number().nullable());

/** One actual scored against the forecast of its step. */
export interface LivePoint {
  step: number;
  actual: number;
  forecast: number;
  /** |e| over the fit's MASE scale; null where that scale cannot scale (0, undefined), as in the backtest. */
  scaledError: number | null;
  /** The sMAPE term (M4): 200·|e|/(|y|+|ŷ|), 0 when both are 0. */
  smape: number;
  /** Whether the actual lies within each level's bounds. */
  inside: Record<string, boolean>;
}

/** What the backtest promised: its MASE, sMAPE and cross-validated coverage. */
export const promisedAccuracySchema = z.object({ mase: z.number().nullable(), smape: z.number().nullable(), coverage: coverageSchema });

/**
 * Live accuracy: the stored forecasts scored on the actuals appended since. MASE scales each error by the MASE
 * denominator of the data the model was fitted on (as its backtest did); a dataset's figures are means over its series
 * (as the backtest's are); `points` counts scored actuals.
 */
export const liveAccuracyFiguresSchema = z.object({
  points: z.number().int(),
  mase: z.number().nullable(),
  smape: z.number().nullable(),
  coverage: coverageSchema,
  lastScoredAt: z.string().nullable(),
});
export type LiveAccuracyFigures = z.infer<typeof liveAccuracyFiguresSchema>;

/** One model of a run whose forecasts were scored: live against promised, over the dataset. */
export const modelLiveAccuracySchema = z.object({
  runId: z.string(),
  runModelId: z.string(),
  kind: z.string(),
  runCreatedAt: z.string(),
  /** Whether this model is the dataset's champion now. */
  champion: z.boolean(),
  /** Series with at least one scored actual. */
  series: z.number().int(),
  promised: promisedAccuracySchema,
  live: liveAccuracyFiguresSchema,
});
export type ModelLiveAccuracy = z.infer<typeof modelLiveAccuracySchema>;
export const modelLiveAccuracyPageSchema = pageOf(modelLiveAccuracySchema).extend({
  /** Rows appended lately are still being scored (their job waits or runs): until it ends, the figures are partial. */
  scoring: z.boolean(),
});
export type ModelLiveAccuracyPage = z.infer<typeof modelLiveAccuracyPageSchema>;

/** One series of one model: its own backtest against its live errors. */
export const seriesLiveAccuracySchema = z.object({
  seriesId: z.string(),
  key: z.string(),
  promised: z.object({ mase: z.number().nullable(), smape: z.number().nullable() }),
  live: liveAccuracyFiguresSchema,
});
export type SeriesLiveAccuracy = z.infer<typeof seriesLiveAccuracySchema>;
/** The series of one model (`runModelId`: the one asked for, else the dataset's champion's). */
export const seriesLiveAccuracyPageSchema = pageOf(seriesLiveAccuracySchema).extend({ runModelId: z.string() });
export type SeriesLiveAccuracyPage = z.infer<typeof seriesLiveAccuracyPageSchema>;

export const seriesLiveAccuracyQuerySchema = queryObject({
  ...pageQuerySchema.shape,
  /** A run model that forecast the dataset; the champion's when absent. */
  runModelId: queryId('a run model').optional(),
});

/** A series judged in a drift decision. */
export const driftedSeriesSchema = z.object({ key: z.string(), points: z.number().int(), liveMase: z.number(), promisedMase: z.number() });

/**
 * What a live-drift decision weighed: drift when live MASE > promised MASE × (1 + margin) over at least `minPoints`
 * scored points — the dataset's (mean over series, as the backtest's) or any one series' own.
 */
export const liveDriftFiguresSchema = z.object({
  runId: z.string(),
  runModelId: z.string(),
  kind: z.string(),
  promisedMase: z.number().nullable(),
  liveMase: z.number().nullable(),
  points: z.number().int(),
  margin: z.number(),
  minPoints: z.number().int(),
  /** The series beyond the margin over enough points of their own (at most 20, worst first). */
  driftedSeries: z.array(driftedSeriesSchema),
  reason: z.string(),
  /** What followed: a retraining run started, or why none was. */
  action: z.string().nullable(),
});
export type LiveDriftFigures = z.infer<typeof liveDriftFiguresSchema>;

/** A schedule's live-drift decision, as the API lists them. */
export const driftCheckSchema = z.object({
  id: z.string(),
  scheduleId: z.string(),
  datasetId: z.string(),
  uploadId: z.string().nullable(),
  drifted: z.boolean(),
  figures: liveDriftFiguresSchema,
  retrainRunId: z.string().nullable(),
  createdAt: z.string(),
});
export type DriftCheck = z.infer<typeof driftCheckSchema>;
export const driftCheckPageSchema = pageOf(driftCheckSchema);
export type DriftCheckPage = z.infer<typeof driftCheckPageSchema>;
