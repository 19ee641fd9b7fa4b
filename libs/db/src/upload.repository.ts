import type { Queryable } from './database';

/** Appends one chunk of a dataset's raw upload (bytes go to Postgres as a binary parameter). */
export async function appendUploadChunk(db: Queryable, datasetId: string, seq: number, data: Uint8Array): Promise<void> {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await db.query('INSERT INTO "UploadChunk" ("datasetId", seq, data) VALUES ($1, $2, $3)', [datasetId, seq, bytes]);
}

/** Marks the upload complete: an empty chunk after the last one. */
export function endUpload(db: Queryable, datasetId: string, seq: number): Promise<void> {
  return appendUploadChunk(db, datasetId, seq, new Uint8Array(0));
}

export class UploadAbortedError extends Error {
  override name = 'UploadAbortedError';
}

export interface ReadUploadOptions {
  /** How often to look for a chunk that has not arrived yet. */
  pollMs?: number;
  /** Give up when no chunk arrives for this long. */
  stallMs?: number;
}

/**
 * A dataset's raw upload in order, while it is still arriving: ingestion starts with the first chunk and overlaps the
 * rest of the upload. Ends at the empty chunk `endUpload` writes; throws `UploadAbortedError` when the dataset is
 * deleted (the upload failed) or nothing arrives for `stallMs`. Holds one chunk in memory.
 */
export async function* readUploadChunks(
  db: Queryable,
  datasetId: string,
  { pollMs = 10, stallMs = 120_000 }: ReadUploadOptions = {},
): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const waitingSince = Date.now();
    let data: Buffer | undefined;
    while (!(data = await readChunk(db, datasetId, seq))) {
      const { rowCount } = await db.query('SELECT 1 FROM "Dataset" WHERE id = $1', [datasetId]);
      if (!rowCount) throw new UploadAbortedError('The upload was abandoned before it completed.');
      if (Date.now() - waitingSince > stallMs) {
        throw new UploadAbortedError(`The upload stalled: no data for ${Math.round(stallMs / 1000)} s.`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    if (data.length === 0) return;
    yield data;
  }
}

async function readChunk(db: Queryable, datasetId: string, seq: number): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ data: Buffer }>(
    'SELECT data FROM "UploadChunk" WHERE "datasetId" = $1 AND seq = $2',
    [datasetId, seq],
  );
  return rows[0]?.data;
}
