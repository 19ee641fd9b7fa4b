import { z } from 'zod';
import { INTERMITTENT_MODEL_KINDS, INTERMITTENT_MODEL_PARAMS } from './intermittent-models.schema';
import { NEURAL_MODEL_KINDS, NEURAL_MODEL_PARAMS } from './neural-models.schema';

/** Every model kind the platform knows. Parameters of each kind are a zod object with defaults below. */
export const MODEL_KINDS = [
  'naive',
  'seasonal_naive',
  'drift',
  'naive2',
  'ses',
  'holt',
  'damped',
  'theta',
  'auto_ets',
  'auto_arima',
  ...INTERMITTENT_MODEL_KINDS,
  'calendar_regression',
  'mstl',
  ...NEURAL_MODEL_KINDS,
] as const;
export const modelKindSchema = z.enum(MODEL_KINDS);
export type ModelKind = z.infer<typeof modelKindSchema>;

/**
 * When the M4-style models seasonally adjust: `test` (the M4 rule: classical multiplicative decomposition when the
 * 90% autocorrelation test at lag m passes), `always` (whenever m > 1 and the data allow it) or `never`.
 */
export const seasonalitySchema = z.enum(['test', 'always', 'never']).default('test');
export const informationCriterionSchema = z.enum(['aicc', 'aic', 'bic']).default('aicc');

/** Hyperparameters per model kind; `{}` parses to the defaults. */
export const MODEL_PARAMS = {
  naive: z.object({}).strict(),
  seasonal_naive: z.object({}).strict(),
  drift: z.object({}).strict(),
  naive2: z.object({ seasonality: seasonalitySchema }).strict(),
  ses: z.object({ seasonality: seasonalitySchema }).strict(),
  holt: z.object({ seasonality: seasonalitySchema }).strict(),
  damped: z.object({ seasonality: seasonalitySchema }).strict(),
  theta: z
    .object({
      /** Curvature weight of the θ-line; 2 is the M4 "Theta" benchmark. */
      theta: z.number().min(1).max(10).default(2),
      seasonality: seasonalitySchema,
    })
    .strict(),
  auto_ets: z
    .object({
      ic: informationCriterionSchema,
      /** Only additive error and seasonality. */
      additiveOnly: z.boolean().default(false),
    })
    .strict(),
  auto_arima: z
    .object({
      ic: informationCriterionSchema,
      /** Hyndman–Khandakar stepwise search (false: every order within the limits, much slower). */
      stepwise: z.boolean().default(true),
      maxP: z.number().int().min(0).max(10).default(5),
      maxQ: z.number().int().min(0).max(10).default(5),
      maxSeasonalP: z.number().int().min(0).max(5).default(2),
      maxSeasonalQ: z.number().int().min(0).max(5).default(2),
      /** Most non-seasonal plus seasonal AR and MA terms together (non-stepwise search). */
      maxOrder: z.number().int().min(0).max(20).default(5),
      maxD: z.number().int().min(0).max(2).default(2),
      maxSeasonalD: z.number().int().min(0).max(1).default(1),
    })
    .strict(),
  ...INTERMITTENT_MODEL_PARAMS,
  calendar_regression: z
    .object({
      /** A straight-line trend over time. */
      trend: z.boolean().default(true),
      /** Lags of the series read as regressors (forecast recursively). Default: 1 and the seasonal period. */
      lags: z.array(z.number().int().min(1).max(1000)).max(8).optional(),
      /** Ridge penalty on the standardised regressors (keeps near-collinear features finite on short windows). */
      ridge: z.number().min(0).max(1e6).default(1),
    })
    .strict(),
  mstl: z
    .object({
      /**
       * What forecasts the seasonally adjusted series (trend + remainder): the Theta method (fast, and unlike
       * auto_ets, which takes long seasons out by MSTL too, a different model) or non-seasonal AutoETS (as
       * statsforecast's MSTL and R's stlf).
       */
      adjustedModel: z.enum(['theta', 'auto_ets']).default('theta'),
    })
    .strict(),
  ...NEURAL_MODEL_PARAMS,
} satisfies Record<ModelKind, z.ZodType>;

export type ModelParams<K extends ModelKind> = z.infer<(typeof MODEL_PARAMS)[K]>;

export const modelSpecSchema = z
  .object({
    kind: modelKindSchema,
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
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
