import type { Queryable } from './database';

/** Appends one chunk of a dataset's raw upload (bytes go to Postgres as a binary parameter). */
export async function appendUploadChunk(db: Queryable, datasetId: string, seq: number, data: Uint8Array): Promise<void> {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await db.query('INSERT INTO "UploadChunk" ("datasetId", seq, data) VALUES ($1, $2, $3)', [datasetId, seq, bytes]);
}

/** A dataset's raw upload in order, reading the next chunk while the caller works on this one (two in memory). */
export async function* readUploadChunks(db: Queryable, datasetId: string): AsyncGenerator<Uint8Array> {
  const { rows } = await db.query<{ seq: number }>(
    'SELECT seq FROM "UploadChunk" WHERE "datasetId" = $1 ORDER BY seq',
    [datasetId],
  );
  const read = async (seq: number) => {
    const chunk = await db.query<{ data: Buffer }>(
      'SELECT data FROM "UploadChunk" WHERE "datasetId" = $1 AND seq = $2',
      [datasetId, seq],
    );
    return chunk.rows[0]?.data ?? Buffer.alloc(0);
  };
  let next = rows.length ? read(rows[0].seq) : undefined;
  for (let i = 0; next; i++) {
    const current = await next;
    next = i + 1 < rows.length ? read(rows[i + 1].seq) : undefined;
    // A caller that stops early (a bad file) never awaits the prefetch: keep its failure from going unhandled.
    next?.catch(() => undefined);
    yield current;
  }
}
