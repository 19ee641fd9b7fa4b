import { MODEL_ARTIFACT_FORMAT, modelArtifactJsonSchema, type ModelArtifactJson, type ModelKind } from '@foretell/contracts';
import { z } from 'zod';

/**
 * A fitted model, saved: everything `restoreModel` needs to forecast as the model did, without the training data
 * (only what forecasts need, e.g. the last states of a smoothing model or the input tail of a network). The JSON part
 * is `ModelArtifactJson` from @foretell/contracts; neural weights are float32 values, one block for all tensors.
 */
export interface ModelArtifact extends Omit<ModelArtifactJson, 'weights'> {
  weights?: { shapes: number[][]; data: Float32Array };
}

/** A saved model that cannot be restored: unknown format or kind, state that does not parse, weights that do not fit. */
export class ArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArtifactError';
  }
}

export const ARTIFACT_FORMAT = MODEL_ARTIFACT_FORMAT;

function elements(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Values the shapes call for. */
export function weightCount(shapes: readonly (readonly number[])[]): number {
  return shapes.reduce((n, s) => n + elements(s), 0);
}

/** The two columns a database keeps: JSON (jsonb) and the weights as little-endian float32 bytes (bytea), or null. */
export function serializeArtifact(artifact: ModelArtifact): { json: ModelArtifactJson; weights: Uint8Array | null } {
  const { weights, ...rest } = artifact;
  if (!weights) return { json: rest, weights: null };
  if (weights.data.length !== weightCount(weights.shapes)) {
    throw new ArtifactError(`${artifact.kind}: ${weights.data.length} weights for shapes holding ${weightCount(weights.shapes)}`);
  }
  const bytes = new Uint8Array(weights.data.byteLength);
  const view = new DataView(bytes.buffer);
  weights.data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { json: { ...rest, weights: { dtype: 'float32', shapes: weights.shapes } }, weights: bytes };
}

/**
 * The inverse of `serializeArtifact`, from what was stored (e.g. after JSON.parse): the JSON is validated and the
 * bytes must hold exactly the weights its shapes describe.
 */
export function deserializeArtifact(json: unknown, weights: Uint8Array | null | undefined): ModelArtifact {
  const parsed = modelArtifactJsonSchema.safeParse(json);
  if (!parsed.success) {
    const format = (json as { format?: unknown } | null)?.format;
    if (format !== undefined && format !== ARTIFACT_FORMAT) {
      throw new ArtifactError(`saved model has format ${JSON.stringify(format)}; this engine reads format ${ARTIFACT_FORMAT}`);
    }
    throw new ArtifactError(`not a saved model: ${describeIssues(parsed.error)}`);
  }
  const { weights: layout, ...rest } = parsed.data;
  if (!layout) {
    if (weights && weights.byteLength > 0) throw new ArtifactError(`${rest.kind}: weights given for a model that has none`);
    return rest;
  }
  const count = weightCount(layout.shapes);
  if (!weights || weights.byteLength !== count * 4) {
    throw new ArtifactError(
      `${rest.kind}: weights hold ${weights?.byteLength ?? 0} bytes, the saved shapes need ${count * 4} (${count} float32 values)`,
    );
  }
  const view = new DataView(weights.buffer, weights.byteOffset, weights.byteLength);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(i * 4, true);
  return { ...rest, weights: { shapes: layout.shapes, data } };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Parses a kind's saved state with its schema, or says which kind's state failed and where. */
export function parseState<T extends z.ZodType>(kind: string, schema: T, state: unknown): z.output<T> {
  const parsed = schema.safeParse(state);
  if (!parsed.success) throw new ArtifactError(`${kind}: saved state does not fit this model: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** State of the per-series (local) models: one entry per fitted series, in order. */
export function localArtifact(kind: ModelKind, params: object, season: number, series: unknown[]): ModelArtifact {
  return {
    format: ARTIFACT_FORMAT,
    kind,
    params: JSON.parse(JSON.stringify(params)) as ModelArtifact['params'],
    season,
    state: { series } as ModelArtifact['state'],
    engine: { backend: 'cpu-js' },
  };
}

/** The per-series states of a local model's artifact, each parsed with `item`. */
export function restoreLocalStates<T extends z.ZodType>(artifact: ModelArtifact, item: T): z.output<T>[] {
  if (artifact.weights) throw new ArtifactError(`${artifact.kind}: a statistical model has no weights, but weights were given`);
  return parseState(artifact.kind, z.object({ series: z.array(item) }), artifact.state).series;
}

/** One artifact for local models fitted one series each (as the engine fits them), their series in order. */
export function concatLocalArtifacts(artifacts: readonly ModelArtifact[]): ModelArtifact {
  const [first] = artifacts;
  if (!first) throw new ArtifactError('no saved models to combine');
  const series = artifacts.flatMap((a) => {
    if (a.kind !== first.kind || a.weights) throw new ArtifactError(`only saved local models of one kind combine (${first.kind}, ${a.kind})`);
    return (a.state as { series: unknown[] }).series;
  });
  return { ...first, state: { series } as ModelArtifact['state'] };
}
