import type pg from 'pg';
import { inTransaction } from './database';
import { insertDatasetSeries, type NewSeries } from './series.repository';

/**
 * Completes an ingestion all or nothing: replaces the dataset's series (a retried job never duplicates them), drops
 * the raw upload and marks the dataset ready with its profile, in one transaction.
 */
export async function storeIngestedDataset(
  pool: pg.Pool,
  datasetId: string,
  result: { series: readonly NewSeries[]; profile: unknown; warnings: unknown[] },
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('DELETE FROM "Series" WHERE "datasetId" = $1', [datasetId]);
    await insertDatasetSeries(client, datasetId, result.series);
    await client.query('DELETE FROM "UploadChunk" WHERE "datasetId" = $1', [datasetId]);
    await client.query(
      `UPDATE "Dataset" SET status = 'ready', profile = $2, problems = $3, error = NULL, "updatedAt" = now() WHERE id = $1`,
      [datasetId, JSON.stringify(result.profile), JSON.stringify(result.warnings)],
    );
  });
}

/** Marks an ingestion failed with the reason and the rows at fault; keeps no series and drops the raw upload. */
export async function failIngestedDataset(
  pool: pg.Pool,
  datasetId: string,
  failure: { error: string; problems: unknown[] },
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('DELETE FROM "Series" WHERE "datasetId" = $1', [datasetId]);
    await client.query('DELETE FROM "UploadChunk" WHERE "datasetId" = $1', [datasetId]);
    await client.query(
      `UPDATE "Dataset" SET status = 'failed', error = $2, problems = $3, "updatedAt" = now() WHERE id = $1`,
      [datasetId, failure.error, JSON.stringify(failure.problems)],
    );
  });
}
