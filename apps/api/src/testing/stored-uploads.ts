import type { Database } from '@foretell/db';

/** What uploads leave behind, counted: datasets by status, uploads by kind and status, stored chunks. */
export async function storedUploads(db: Database): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ what: string; n: number }>(
    `SELECT 'dataset ' || status AS what, count(*)::int AS n FROM "Dataset" GROUP BY status
     UNION ALL SELECT 'upload ' || kind || ' ' || status, count(*)::int FROM "DatasetUpload" GROUP BY kind, status
     UNION ALL SELECT 'chunks', count(*)::int FROM "UploadChunk"`,
  );
  return Object.fromEntries(rows.map((r) => [r.what, r.n]));
}
