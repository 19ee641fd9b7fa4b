import type { Queryable } from './database';

/** Appends one chunk of an upload's raw bytes (they go to Postgres as a binary parameter). */
export async function appendUploadChunk(db: Queryable, uploadId: string, seq: number, data: Uint8Array): Promise<void> {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await db.query('INSERT INTO "UploadChunk" ("uploadId", seq, data) VALUES ($1, $2, $3)', [uploadId, seq, bytes]);
}

/** Marks the upload complete: an empty chunk after the last one. */
export function endUpload(db: Queryable, uploadId: string, seq: number): Promise<void> {
  return appendUploadChunk(db, uploadId, seq, new Uint8Array(0));
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
 * An upload's raw bytes in order, while they are still arriving: ingestion starts with the first chunk and overlaps the
 * rest of the upload. Ends at the empty chunk `endUpload` writes; throws `UploadAbortedError` when the upload is
 * deleted (the request failed) or nothing arrives for `stallMs`. Holds one chunk in memory.
 */
export async function* readUploadChunks(
  db: Queryable,
  uploadId: string,
  { pollMs = 10, stallMs = 120_000 }: ReadUploadOptions = {},
): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const waitingSince = Date.now();
    let data: Buffer | undefined;
    while (!(data = await readChunk(db, uploadId, seq))) {
      const { rowCount } = await db.query('SELECT 1 FROM "DatasetUpload" WHERE id = $1', [uploadId]);
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

async function readChunk(db: Queryable, uploadId: string, seq: number): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ data: Buffer }>(
    'SELECT data FROM "UploadChunk" WHERE "uploadId" = $1 AND seq = $2',
    [uploadId, seq],
  );
  return rows[0]?.data;
}
