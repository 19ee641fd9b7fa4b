import { z } from 'zod';

/** Queue and job names, defined once. */
export const QUEUES = {
  ingest: 'ingest',
  runs: 'runs',
  modelFits: 'model-fits',
  /** Forecasts from saved models: interactive, so never waiting behind long fits. */
  forecasts: 'forecasts',
  /** Job schedulers fire here: each job creates a scheduled run. */
  schedules: 'schedules',
  webhooks: 'webhooks',
  /** After an append: its actuals score the stored forecasts, then each schedule of the dataset judges live drift. */
  liveAccuracy: 'live-accuracy',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  ingestDataset: 'ingest-dataset',
  finishRun: 'finish-run',
  fitModel: 'fit-model',
  /** One contiguous range of a local model's series; the model's `fit-model` job merges its shards. */
  fitShard: 'fit-shard',
  /** Forecasts from a saved model without retraining (sandboxed: it needs the engine). */
  forecastFromModel: 'forecast-from-model',
  scheduledRun: 'scheduled-run',
  deliverWebhook: 'deliver-webhook',
  scoreActuals: 'score-actuals',
} as const;

/** Job payloads carry ids; the worker loads data from Postgres. */
/** One upload of a dataset: its first file, or rows appended later. */
export const ingestJobSchema = z.object({ datasetId: z.string().uuid(), uploadId: z.string().uuid() });
export type IngestJob = z.infer<typeof ingestJobSchema>;

export const finishRunJobSchema = z.object({ runId: z.string().uuid() });
export type FinishRunJob = z.infer<typeof finishRunJobSchema>;

/** A model's fit: `shards` when its series were split into shard jobs (its children), which this job then merges. */
export const fitModelJobSchema = z.object({
  runId: z.string().uuid(),
  runModelId: z.string().uuid(),
  shards: z.object({ count: z.number().int().min(2), series: z.number().int().min(1) }).optional(),
});
export type FitModelJob = z.infer<typeof fitModelJobSchema>;

/** Shard `index` of `of` of a model's fit: the run's series from index × `series` on, `series` of them (the last: to the end). */
export const fitShardJobSchema = z.object({
  runId: z.string().uuid(),
  runModelId: z.string().uuid(),
  index: z.number().int().min(0),
  of: z.number().int().min(2),
  series: z.number().int().min(1),
});
export type FitShardJob = z.infer<typeof fitShardJobSchema>;

/** BullMQ job priority of a run's fit jobs by what started it (lower runs first): analysts waiting come first. */
export const RUN_PRIORITY = { manual: 1, schedule: 10 } as const;

export const forecastFromModelJobSchema = z.object({
  modelId: z.string().uuid(),
  horizon: z.number().int().min(1).optional(),
  /** Series keys to forecast; all the model knows when absent. */
  series: z.array(z.string()).optional(),
});
export type ForecastFromModelJob = z.infer<typeof forecastFromModelJobSchema>;

export const scheduledRunJobSchema = z.object({ scheduleId: z.string().uuid() });
export type ScheduledRunJob = z.infer<typeof scheduledRunJobSchema>;

/** An append whose actuals score the dataset's stored forecasts (then its schedules judge live drift on them). */
export const scoreActualsJobSchema = z.object({ datasetId: z.string().uuid(), uploadId: z.string().uuid() });
export type ScoreActualsJob = z.infer<typeof scoreActualsJobSchema>;

/** One event for a schedule's webhook; its URL and secret are read from the schedule when it is sent. */
export const deliverWebhookJobSchema = z.object({ event: z.record(z.string(), z.unknown()) });
export type DeliverWebhookJob = z.infer<typeof deliverWebhookJobSchema>;

/** What `enqueueRun` queues for one model: its fit, split into shards when its series are many and it is local. */
export type QueuedFit = Pick<FitModelJob, 'runModelId' | 'shards'>;
