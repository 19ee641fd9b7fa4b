import { z } from 'zod';
import { runModelKindSchema } from './ensembles.schema';
import { metricsSchema } from './models.schema';
import { intervalsSchema } from './runs.schema';

/** A saved model in the registry, with what reproduces it. */
export const trainedModelSchema = z.object({
  id: z.string(),
  runId: z.string(),
  runModelId: z.string(),
  datasetId: z.string(),
  kind: runModelKindSchema,
  params: z.record(z.string(), z.unknown()),
  horizon: z.number().int(),
  season: z.number().int(),
  seed: z.number().int(),
  backend: z.string(),
  /** Engine, TensorFlow.js and Node.js versions at training time. */
  versions: z.record(z.string(), z.string()),
  metrics: metricsSchema,
  datasetVersion: z.number().int(),
  datasetHash: z.string(),
  seriesCount: z.number().int(),
  weightsBytes: z.number().int(),
  /** The dataset's current champion. */
  champion: z.boolean(),
  createdAt: z.string(),
});
export type TrainedModel = z.infer<typeof trainedModelSchema>;

/** Most series keys one forecast request may list (omit `series` to forecast every series the model knows). */
export const MODEL_FORECAST_MAX_SERIES = 10_000;

export const modelForecastRequestSchema = z
  .object({
    /** Steps ahead; default the horizon the model was trained for. */
    horizon: z.number().int().min(1).max(10_000).optional(),
    /** Series keys, each forecast once however often listed; default every series the model was trained on. */
    series: z
      .array(z.string().min(1))
      .min(1)
      .max(MODEL_FORECAST_MAX_SERIES, `list at most ${MODEL_FORECAST_MAX_SERIES} series, or omit "series" to forecast every series of the model`)
      .optional(),
  })
  .strict();
export type ModelForecastRequest = z.infer<typeof modelForecastRequestSchema>;

/** Forecasts from a saved model on the dataset's current data (including rows appended since training); also the job's result. */
export const modelForecastSchema = z.object({
  modelId: z.string(),
  /** The dataset version forecast from; newer than the model's when rows were appended since. */
  datasetVersion: z.number().int(),
  horizon: z.number().int(),
  series: z.array(
    z.object({
      seriesId: z.string(),
      timestamps: z.array(z.string()),
      yhat: z.array(z.number()),
      /**
       * The training-time conformal interval widths around the new point forecasts, at every step: past the horizon
       * the model was calibrated for, its last step's widths grown (`notes` says so).
       */
      intervals: intervalsSchema,
    }),
  ),
  /** Series of the dataset the model did not forecast, each with why (one added after the model was trained). */
  omitted: z.array(z.object({ seriesId: z.string(), reason: z.string() })).default([]),
  /** What the reader should know about these forecasts (intervals past the calibrated horizon are not calibrated). */
  notes: z.array(z.string()).default([]),
});
export type ModelForecast = z.infer<typeof modelForecastSchema>;

