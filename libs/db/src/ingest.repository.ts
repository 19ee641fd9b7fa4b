import type pg from 'pg';
import { inTransaction } from './database';
import { datasetContentHash, insertDatasetSeries, type NewSeries } from './series.repository';

/** Which upload of which dataset an ingest job consumes. */
export interface UploadRef {
  datasetId: string;
  uploadId: string;
}

/**
 * Completes a dataset's first ingestion all or nothing: replaces its series (a retried job never duplicates them),
 * drops the raw upload, and marks the upload and the dataset ready with its profile and content hash, in one
 * transaction.
 */
export async function storeIngestedDataset(
  pool: pg.Pool,
  { datasetId, uploadId }: UploadRef,
  result: { series: readonly NewSeries[]; profile: unknown; warnings: unknown[] },
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('DELETE FROM "Series" WHERE "datasetId" = $1', [datasetId]);
    await insertDatasetSeries(client, datasetId, result.series);
    await finishUpload(client, uploadId, { status: 'ready', problems: result.warnings });
    await client.query(
      `UPDATE "Dataset" SET status = 'ready', profile = $2, problems = $3, error = NULL, "contentHash" = $4,
       "updatedAt" = now() WHERE id = $1`,
      [datasetId, JSON.stringify(result.profile), JSON.stringify(result.warnings), datasetContentHash(result.series)],
    );
  });
}

/** Marks a dataset's first ingestion failed with the reason and the rows at fault; keeps no series, drops the raw upload. */
export async function failIngestedDataset(
  pool: pg.Pool,
  { datasetId, uploadId }: UploadRef,
  failure: { error: string; problems: unknown[] },
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('DELETE FROM "Series" WHERE "datasetId" = $1', [datasetId]);
    await finishUpload(client, uploadId, { status: 'failed', ...failure });
    await client.query(
      `UPDATE "Dataset" SET status = 'failed', error = $2, problems = $3, "updatedAt" = now() WHERE id = $1`,
      [datasetId, failure.error, JSON.stringify(failure.problems)],
    );
  });
}

/** Ends an upload: its chunks are dropped, its outcome kept. */
export async function finishUpload(
  client: pg.ClientBase,
  uploadId: string,
  outcome: { status: 'ready' | 'failed'; error?: string; problems?: unknown[]; summary?: unknown },
): Promise<void> {
  await client.query('DELETE FROM "UploadChunk" WHERE "uploadId" = $1', [uploadId]);
  await client.query(
    `UPDATE "DatasetUpload" SET status = $2, error = $3, problems = $4, summary = $5, "finishedAt" = now() WHERE id = $1`,
    [
      uploadId,
      outcome.status,
      outcome.error ?? null,
      JSON.stringify(outcome.problems ?? []),
      outcome.summary === undefined ? null : JSON.stringify(outcome.summary),
    ],
  );
}
