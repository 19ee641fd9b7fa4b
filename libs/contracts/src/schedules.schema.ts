import { z } from 'zod';
import { displayNameSchema } from './names';
import { liveDriftFiguresSchema } from './live-accuracy.schema';
import { runComparisonSchema, runConfigSchema } from './runs.schema';

/** Shortest interval between scheduled runs: retraining more often than this is a mistake, not a schedule. */
export const MIN_SCHEDULE_SECONDS = 60;

/** A schedule is paused after this many scheduled runs in a row failed (its settings no longer suit the data). */
export const SCHEDULE_MAX_CONSECUTIVE_FAILURES = 3;

/**
 * Live drift by default: live MASE 50% beyond the backtest's over at least 6 scored points — fewer points are noise,
 * and a backtest MASE is itself an average whose windows differ by tens of percent.
 */
export const LIVE_DRIFT_DEFAULTS = { margin: 0.5, minPoints: 6 } as const;

const scheduleFields = {
  name: displayNameSchema(200),
  /** Five- or six-field cron pattern (seconds first when six), e.g. "0 3 * * 1" for Mondays at 03:00. */
  cron: z.string().trim().min(1).max(200),
  /** IANA time zone the cron pattern is read in; default UTC. */
  timezone: z.string().trim().min(1).max(100),
  everySeconds: z
    .number()
    .int()
    .min(MIN_SCHEDULE_SECONDS, { message: `must be at least ${MIN_SCHEDULE_SECONDS} seconds` })
    .max(366 * 86_400),
  run: runConfigSchema,
  paused: z.boolean(),
  /**
   * Backtest change, not live drift: flagged (`run.drift`) when the champion's backtest MASE grows by more than this
   * fraction (0.2 = 20%) since the previous run.
   */
  driftThreshold: z.number().min(0).max(100),
  /** Live drift: the champion's live MASE beyond its backtest MASE by more than this fraction (0.5 = 50% worse)… */
  liveDriftMargin: z.number().min(0).max(100),
  /** …over at least this many scored points (the dataset's, or one series'). */
  liveDriftMinPoints: z.number().int().min(1).max(1_000_000),
  /** Whether live drift starts a retraining run of the schedule (the webhook is told either way). */
  retrainOnDrift: z.boolean(),
  webhookUrl: z.url({ protocol: /^https?$/ }).max(2_000),
};

const oneTrigger = (s: { cron?: string | null; everySeconds?: number | null }) => (s.cron == null) !== (s.everySeconds == null);
const oneTriggerMessage = { message: 'give exactly one of "cron" and "everySeconds"', path: ['cron'] };

export const createScheduleSchema = z
  .object({
    datasetId: z.string().uuid(),
    name: scheduleFields.name.optional(),
    cron: scheduleFields.cron.optional(),
    timezone: scheduleFields.timezone.optional(),
    everySeconds: scheduleFields.everySeconds.optional(),
    run: scheduleFields.run,
    paused: scheduleFields.paused.default(false),
    driftThreshold: scheduleFields.driftThreshold.default(0.2),
    liveDriftMargin: scheduleFields.liveDriftMargin.default(LIVE_DRIFT_DEFAULTS.margin),
    liveDriftMinPoints: scheduleFields.liveDriftMinPoints.default(LIVE_DRIFT_DEFAULTS.minPoints),
    retrainOnDrift: scheduleFields.retrainOnDrift.default(true),
    webhookUrl: scheduleFields.webhookUrl.optional(),
  })
  .strict()
  .refine(oneTrigger, oneTriggerMessage);
export type CreateScheduleBody = z.input<typeof createScheduleSchema>;
export type CreateSchedule = z.output<typeof createScheduleSchema>;

/** Any subset; `null` clears the timing field being replaced (switch cron ↔ interval) or the webhook. */
export const updateScheduleSchema = z
  .object({
    name: scheduleFields.name,
    cron: scheduleFields.cron.nullable(),
    timezone: scheduleFields.timezone.nullable(),
    everySeconds: scheduleFields.everySeconds.nullable(),
    run: scheduleFields.run,
    paused: scheduleFields.paused,
    driftThreshold: scheduleFields.driftThreshold,
    liveDriftMargin: scheduleFields.liveDriftMargin,
    liveDriftMinPoints: scheduleFields.liveDriftMinPoints,
    retrainOnDrift: scheduleFields.retrainOnDrift,
    webhookUrl: scheduleFields.webhookUrl.nullable(),
  })
  .partial()
  .strict();
export type UpdateSchedule = z.output<typeof updateScheduleSchema>;
export type UpdateScheduleBody = z.input<typeof updateScheduleSchema>;

/** What a webhook is told about (webhookEventSchema's `event`). */
const webhookEventNameSchema = z.enum(['run.completed', 'run.failed', 'run.drift', 'schedule.paused', 'accuracy.drift']);

/**
 * How a schedule's latest webhook delivery attempt went. A redirect (never followed) or a 4xx other than 408 and 429
 * fails at once; no answer in 10 s, a 5xx, 408 or 429 is retried with backoff for about an hour (`retrying` until the
 * last attempt, `failed` after it).
 */
export const webhookDeliverySchema = z.object({
  event: webhookEventNameSchema,
  runId: z.string(),
  /** When the attempt ended. */
  at: z.string(),
  outcome: z.enum(['delivered', 'retrying', 'failed']),
  /** The receiver's HTTP status; null when it did not answer, could not be reached, or its address was refused. */
  status: z.number().int().nullable(),
  /** Why it failed; null when delivered. */
  error: z.string().nullable(),
  /** 1 for the first attempt. */
  attempt: z.number().int(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const scheduleSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  name: z.string(),
  cron: z.string().nullable(),
  timezone: z.string().nullable(),
  everySeconds: z.number().int().nullable(),
  run: runConfigSchema,
  paused: z.boolean(),
  /** Why the system paused it (repeated failed runs); null when it runs or a user paused it. */
  pausedReason: z.string().nullable(),
  driftThreshold: z.number(),
  liveDriftMargin: z.number(),
  liveDriftMinPoints: z.number().int(),
  retrainOnDrift: z.boolean(),
  /** For viewers only its origin (scheme, host and port): an address may carry a token. */
  webhookUrl: z.string().nullable(),
  /**
   * The key the webhook's deliveries are signed with: each carries `Foretell-Signature: t=<unix seconds>,v1=<hex
   * HMAC-SHA256 of "<t>.<raw body>">`, which a receiver recomputes to refuse forgeries (README, "Webhooks"). Null for
   * viewers: whoever holds it can sign deliveries.
   */
  webhookSecret: z.string().nullable(),
  /** How the webhook's latest delivery attempt went; null before the first and after the URL changes. */
  lastWebhook: webhookDeliverySchema.nullable(),
  /** When the next run is due (null while paused). */
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/**
 * What a schedule's webhook receives (POST, JSON). `run.drift` is a backtest change between two scheduled runs;
 * `accuracy.drift` is live drift: the forecasts of `runId` scored on appended actuals, with the figures in `drift`.
 */
export const webhookEventSchema = z.object({
  event: webhookEventNameSchema,
  scheduleId: z.string(),
  runId: z.string(),
  datasetId: z.string(),
  status: z.string(),
  comparison: runComparisonSchema.nullable(),
  /** `schedule.paused`: why. */
  reason: z.string().optional(),
  /** `accuracy.drift`: the decision and its figures. */
  drift: liveDriftFiguresSchema.optional(),
  /** `accuracy.drift`: the retraining run it started, if any. */
  retrainRunId: z.string().nullable().optional(),
  at: z.string(),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
