import { z } from 'zod';

/** Every model kind the platform knows. Parameters of each kind are a zod object with defaults below. */
export const MODEL_KINDS = ['naive', 'seasonal_naive', 'drift'] as const;
export const modelKindSchema = z.enum(MODEL_KINDS);
export type ModelKind = z.infer<typeof modelKindSchema>;

/** Hyperparameters per model kind; `{}` parses to the defaults. */
export const MODEL_PARAMS = {
  naive: z.object({}).strict(),
  seasonal_naive: z.object({}).strict(),
  drift: z.object({}).strict(),
} satisfies Record<ModelKind, z.ZodType>;

export type ModelParams<K extends ModelKind> = z.infer<(typeof MODEL_PARAMS)[K]>;

export const modelSpecSchema = z
  .object({
    kind: modelKindSchema,
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((spec, ctx) => {
    const parsed = MODEL_PARAMS[spec.kind].safeParse(spec.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['params', ...issue.path.map(String)], message: issue.message });
      }
    }
  });
export type ModelSpec = z.infer<typeof modelSpecSchema>;

export const metricNameSchema = z.enum(['smape', 'mase', 'mae', 'rmse']);
export type MetricName = z.infer<typeof metricNameSchema>;
/** Aggregate accuracy of one model over every series and backtest window. */
export const metricsSchema = z.record(metricNameSchema, z.number().nullable());
export type Metrics = z.infer<typeof metricsSchema>;
