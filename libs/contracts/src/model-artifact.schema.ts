import { z } from 'zod';
import { modelKindSchema } from './models.schema';

/** Version of the artifact layout; a reader refuses any other. */
export const MODEL_ARTIFACT_FORMAT = 1;

/**
 * Where a model's weights sit in the binary part of an artifact: float32 values, little-endian, tensor after tensor
 * (every variable of the first ensemble member, then the next member's), each of `shapes[i]` in row-major order.
 */
export const artifactWeightsSchema = z
  .object({
    dtype: z.literal('float32'),
    shapes: z.array(z.array(z.number().int().nonnegative())),
  })
  .strict();

/**
 * The JSON part of a saved, fitted model (a jsonb column); the weights, if any, travel separately as bytes (bytea).
 * `state` is the kind's own (fitted parameters per series, or a neural model's settings and scaling); `engine` says
 * what produced it, since neural forecasts are reproduced exactly only by the same tfjs version and backend.
 */
export const modelArtifactJsonSchema = z
  .object({
    format: z.literal(MODEL_ARTIFACT_FORMAT),
    kind: modelKindSchema,
    /** The model's parameters as parsed at creation (defaults applied). */
    params: z.record(z.string(), z.json()),
    /** Seasonal period it was fitted with. */
    season: z.number().int().min(1),
    state: z.json(),
    weights: artifactWeightsSchema.optional(),
    engine: z
      .object({
        /** e.g. `cpu-js` for the statistical models, `tfjs-wasm` for neural ones. */
        backend: z.string(),
        /** tfjs-core version, neural models only. */
        tfjs: z.string().optional(),
      })
      .strict(),
  })
  .strict();
export type ModelArtifactJson = z.infer<typeof modelArtifactJsonSchema>;
