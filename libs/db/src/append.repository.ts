import type pg from 'pg';
import { inTransaction, type Queryable } from './database';
import { finishUpload } from './ingest.repository';
import { datasetContentHash, insertDatasetSeries, updateSeriesValues, type NewSeries } from './series.repository';

/** The dataset row as an append sees it, locked until its transaction ends. */
export interface LockedDataset {
  status: string;
  profile: unknown;
  version: number;
}

/**
 * Locks a dataset's row (SELECT … FOR UPDATE) for the rest of the transaction, so appends to one dataset apply one
 * after the other and a run never reads half an append; null when the dataset is gone.
 */
export async function lockDataset(client: pg.ClientBase, datasetId: string): Promise<LockedDataset | null> {
  const { rows } = await client.query<LockedDataset>('SELECT status, profile, version FROM "Dataset" WHERE id = $1 FOR UPDATE', [
    datasetId,
  ]);
  return rows[0] ?? null;
}

/** The outcome of an upload, for a job that finds it already finished. */
export async function uploadOutcome(
  db: Queryable,
  uploadId: string,
): Promise<{ status: string; error: string | null; summary: unknown } | null> {
  const { rows } = await db.query<{ status: string; error: string | null; summary: unknown }>('SELECT status, error, summary FROM "DatasetUpload" WHERE id = $1', [uploadId]);
  return rows[0] ?? null;
}

export interface AppendChange {
  /** Stored series with new values (by id). */
  updated: { id: string; values: Float64Array }[];
  /** New series, placed after `firstPosition` - 1. */
  added: NewSeries[];
  firstPosition: number;
  /** Every series after the append, in order: the content hash is computed from them. */
  all: readonly NewSeries[];
  profile: unknown;
}

/**
 * Writes an append inside the caller's transaction (the dataset locked by `lockDataset`): the changed and new series,
 * the new profile, version + 1, the new content hash and the size with this file's bytes — or, when `change` is null (the file added nothing), none of
 * it — then marks the upload ready with its summary and drops its chunks.
 */
export async function storeAppend(
  client: pg.ClientBase,
  { datasetId, uploadId }: { datasetId: string; uploadId: string },
  change: AppendChange | null,
  outcome: { summary: unknown; warnings: unknown[] },
): Promise<void> {
  if (change) {
    await updateSeriesValues(client, change.updated);
    await insertDatasetSeries(client, datasetId, change.added, change.firstPosition);
    await client.query(
      // Its size counts every file whose rows it holds: this one's joins the first upload's.
      `UPDATE "Dataset" SET profile = $2, version = version + 1, "contentHash" = $3, "updatedAt" = now(),
         bytes = bytes + (SELECT bytes FROM "DatasetUpload" WHERE id = $4) WHERE id = $1`,
      [datasetId, JSON.stringify(change.profile), datasetContentHash(change.all), uploadId],
    );
  }
  await finishUpload(client, uploadId, { status: 'ready', problems: outcome.warnings, summary: outcome.summary });
}

/** Marks an upload failed with the reason and the rows at fault and drops its chunks; its dataset is left as it was. */
export async function failUpload(pool: pg.Pool, uploadId: string, failure: { error: string; problems: unknown[] }): Promise<void> {
  await inTransaction(pool, (client) => finishUpload(client, uploadId, { status: 'failed', ...failure }));
}
