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

/**
 * An upload's raw bytes in order, up to the empty chunk `endUpload` writes (its ingest job is queued only after
 * that). A chunk missing means the upload was deleted meanwhile (its dataset was): `UploadAbortedError`. Holds one
 * chunk in memory.
 */
export async function* readUploadChunks(db: Queryable, uploadId: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const { rows } = await db.query<{ data: Buffer }>('SELECT data FROM "UploadChunk" WHERE "uploadId" = $1 AND seq = $2', [uploadId, seq]);
    const data = rows[0]?.data;
    if (!data) throw new UploadAbortedError('The upload was deleted before it was read.');
    if (data.length === 0) return;
    yield data;
  }
}
