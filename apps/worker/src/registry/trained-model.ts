import { ENGINE_VERSION, serializeArtifact, type ModelArtifact } from '@foretell/forecasting';
import type { Prisma } from '@foretell/db';

interface FittedRun {
  workspaceId: string;
  runModelId: string;
  datasetId: string;
  kind: string;
  params: unknown;
  horizon: number;
  season: number;
  seed: number;
  datasetVersion: number;
  datasetHash: string | null;
}

/**
 * The registry row for a fitted model: the engine's artifact (JSON + float32 weights), the series it covers in order,
 * and what reproduces it — seed, backend, versions, the dataset version and content hash it was trained on.
 */
export function trainedModelRow(
  run: FittedRun,
  saved: { model: ModelArtifact; seriesKeys: string[]; metrics: unknown; backend: string },
): Prisma.TrainedModelUncheckedCreateInput {
  const { json, weights } = serializeArtifact(saved.model);
  return {
    workspaceId: run.workspaceId,
    runModelId: run.runModelId,
    datasetId: run.datasetId,
    kind: run.kind,
    params: run.params as Prisma.InputJsonValue,
    artifact: json as Prisma.InputJsonValue,
    weights: weights ? new Uint8Array(weights) : null,
    seriesKeys: saved.seriesKeys,
    horizon: run.horizon,
    season: run.season,
    seed: run.seed,
    backend: saved.backend,
    versions: { engine: ENGINE_VERSION, node: process.version, ...(saved.model.engine.tfjs && { tfjs: saved.model.engine.tfjs }) },
    metrics: saved.metrics as Prisma.InputJsonValue,
    datasetVersion: run.datasetVersion,
    datasetHash: run.datasetHash ?? '',
  };
}
