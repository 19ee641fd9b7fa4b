import { z } from 'zod';
import { MODEL_KINDS } from './models.schema';

/**
 * An ensemble of a run: point by point mean or median of the `top` models by backtest error. Computed when the
 * run's models have finished, from their stored backtests and forecasts; a leaderboard row of kind `ensemble`.
 */
export const ensembleSpecSchema = z
  .object({
    method: z.enum(['mean', 'median']),
    top: z.number().int().min(2).max(20),
  })
  .strict();
export type EnsembleSpec = z.infer<typeof ensembleSpecSchema>;

/** What a leaderboard row or saved model can be: a model kind, or an ensemble of the run's models. */
export const RUN_MODEL_KINDS = [...MODEL_KINDS, 'ensemble'] as const;
export const runModelKindSchema = z.enum(RUN_MODEL_KINDS);
export type RunModelKind = z.infer<typeof runModelKindSchema>;

/** A saved ensemble's artifact (TrainedModel.artifact): its method and its members' saved models, best first. */
export const ensembleArtifactSchema = z
  .object({
    kind: z.literal('ensemble'),
    method: ensembleSpecSchema.shape.method,
    top: z.number().int(),
    members: z.array(z.object({ modelId: z.string(), runModelId: z.string(), kind: z.string() })).min(1),
  })
  .strict();
export type EnsembleArtifact = z.infer<typeof ensembleArtifactSchema>;

/** What an ensemble's leaderboard row stores (RunModel.report): its final members, best first, and how they were chosen. */
export const ensembleReportSchema = z.object({
  members: z.array(z.object({ runModelId: z.string(), kind: z.string() })),
  selection: z.enum(['nested-windows', 'nested-series', 'in-sample']),
});
export type EnsembleReport = z.infer<typeof ensembleReportSchema>;
