import { metricsSchema, runModelKindSchema, type TrainedModel } from '@foretell/contracts';
import type { TrainedModel as TrainedModelRow } from '@foretell/db';
import { z } from 'zod';

/** The registry columns a listing reads: everything but the artifact and weights themselves. */
export type TrainedModelSummaryRow = Omit<TrainedModelRow, 'artifact' | 'weights'> & {
  runModel: { runId: string };
  weightsBytes: number;
};

const record = z.record(z.string(), z.unknown());

export function toTrainedModel(row: TrainedModelSummaryRow, championId: string | null): TrainedModel {
  return {
    id: row.id,
    runId: row.runModel.runId,
    runModelId: row.runModelId,
    datasetId: row.datasetId,
    kind: runModelKindSchema.parse(row.kind),
    params: record.parse(row.params),
    horizon: row.horizon,
    season: row.season,
    seed: row.seed,
    backend: row.backend,
    versions: z.record(z.string(), z.string()).parse(row.versions),
    metrics: metricsSchema.parse(row.metrics),
    datasetVersion: row.datasetVersion,
    datasetHash: row.datasetHash,
    seriesCount: z.array(z.string()).parse(row.seriesKeys).length,
    weightsBytes: row.weightsBytes,
    champion: row.id === championId,
    createdAt: row.createdAt.toISOString(),
  };
}
