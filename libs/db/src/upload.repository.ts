import type { Queryable } from './database';

/** Appends one chunk of a dataset's raw upload (bytes go to Postgres as a binary parameter). */
export async function appendUploadChunk(db: Queryable, datasetId: string, seq: number, data: Uint8Array): Promise<void> {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await db.query('INSERT INTO "UploadChunk" ("datasetId", seq, data) VALUES ($1, $2, $3)', [datasetId, seq, bytes]);
}

/** A dataset's raw upload in order, one chunk in memory at a time. */
export async function* readUploadChunks(db: Queryable, datasetId: string): AsyncGenerator<Uint8Array> {
  const { rows } = await db.query<{ seq: number }>(
    'SELECT seq FROM "UploadChunk" WHERE "datasetId" = $1 ORDER BY seq',
    [datasetId],
  );
  for (const { seq } of rows) {
    const chunk = await db.query<{ data: Buffer }>(
      'SELECT data FROM "UploadChunk" WHERE "datasetId" = $1 AND seq = $2',
      [datasetId, seq],
    );
    yield chunk.rows[0]!.data;
  }
}
