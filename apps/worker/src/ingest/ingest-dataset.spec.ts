import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendUploadChunk, endUpload, openTestDatabase, loadDatasetSeries, type Database } from '@foretell/db';
import { ingestDataset } from './ingest-dataset';
import { publicError } from '@foretell/queue';
import { failUploadJob } from './ingest-upload';

describe('ingestDataset', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('worker_ingest');
  });
  afterAll(() => db?.close());

  async function upload(text: string, chunkSize = 7) {
    const dataset = await db.prisma.dataset.create({ data: { workspaceId: (await db.prisma.workspace.create({ data: { name: 'w' } })).id, name: 'upload', uploads: { create: { kind: 'create' } } }, include: { uploads: true } });
    const uploadId = dataset.uploads[0]!.id;
    const bytes = Buffer.from(text);
    let seq = 0;
    for (let i = 0; i < bytes.length; i += chunkSize) {
      await appendUploadChunk(db.pool, uploadId, seq++, bytes.subarray(i, i + chunkSize));
    }
    await endUpload(db.pool, uploadId, seq);
    return { datasetId: dataset.id, uploadId };
  }

  it('fails an upload whose retries an unexpected error spent with a plain message naming the job, not the error', async () => {
    const ref = await upload('id,ts,v\na,2024-01-01,1\na,2024-01-02,2\n');
    // The error (a database's "index row size … exceeds btree version 4 maximum") is the worker's log's, not the user's.
    const shown = publicError(new Error('index row size 3032 exceeds btree version 4 maximum 2704'), 'ingesting the upload');
    await failUploadJob(db, ref, shown.message);
    const dataset = await db.prisma.dataset.findUniqueOrThrow({ where: { id: ref.datasetId } });
    expect(dataset.status).toBe('failed');
    expect(dataset.error).toMatch(/^Internal error while ingesting the upload \(ref [0-9a-f]{8}\); the team has the details\.$/);
  });

  it('stores each series on its grid, with gaps as missing values, and drops the raw upload', async () => {
    const ref = await upload('id,ts,v\na,2024-01-01,1\na,2024-01-03,3\nb,2024-01-01,5\nb,2024-01-02,6\n');
    const id = ref.datasetId;
    await expect(ingestDataset(db, ref)).resolves.toEqual({ series: 2 });
    const series = await loadDatasetSeries(db.pool, id);
    expect(series.map((s) => [s.key, Array.from(s.values)])).toEqual([
      ['a', [1, NaN, 3]],
      ['b', [5, 6]],
    ]);
    const dataset = await db.prisma.dataset.findUniqueOrThrow({ where: { id } });
    expect(dataset.status).toBe('ready');
    expect(dataset.profile).toMatchObject({ seriesCount: 2, gaps: 1, frequency: { unit: 'day', step: 1 } });
    expect(await db.prisma.series.findFirst({ where: { datasetId: id, key: 'a' } })).toMatchObject({ missing: 1 });
    expect(dataset.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await db.prisma.uploadChunk.count({ where: { uploadId: ref.uploadId } })).toBe(0);
    expect(await db.prisma.datasetUpload.findUniqueOrThrow({ where: { id: ref.uploadId } })).toMatchObject({ status: 'ready' });

    // A redelivered job changes nothing and duplicates nothing.
    await ingestDataset(db, ref);
    expect(await db.prisma.series.count({ where: { datasetId: id } })).toBe(2);
  });

  it('stops, as a user error that is not retried, when the dataset is deleted while its series are being stored', async () => {
    const ref = await upload('ts,v\n2024-01-01,1\n2024-01-02,2\n', 1_000);
    // The test holds the dataset's row, so the job's first series insert waits on it; then the dataset is deleted.
    const deleter = await db.pool.connect();
    try {
      await deleter.query('BEGIN');
      await deleter.query('SELECT 1 FROM "Dataset" WHERE id = $1 FOR UPDATE', [ref.datasetId]);
      const job = ingestDataset(db, ref).then(
        () => null,
        (e: unknown) => e,
      );
      await waitFor(async () => {
        const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
        return rows[0].n > 0;
      });
      await deleter.query('DELETE FROM "Dataset" WHERE id = $1', [ref.datasetId]);
      await deleter.query('COMMIT');
      expect(await job).toMatchObject({ name: 'UserError', message: `Dataset ${ref.datasetId} was deleted while it was being ingested.` });
    } finally {
      deleter.release();
    }
    expect(await db.prisma.series.count({ where: { datasetId: ref.datasetId } })).toBe(0);
  });

  it('marks a file the user must fix failed, with the rows at fault, and keeps no series', async () => {
    const ref = await upload('ts,v\n2024-01-01,1\n2024-01-01,2\n');
    const id = ref.datasetId;
    await expect(ingestDataset(db, ref)).rejects.toMatchObject({ name: 'UserError' });
    const dataset = await db.prisma.dataset.findUniqueOrThrow({ where: { id } });
    expect(dataset.status).toBe('failed');
    expect(dataset.problems).toEqual([expect.objectContaining({ row: 3, column: 'ts' })]);
    expect(await db.prisma.series.count({ where: { datasetId: id } })).toBe(0);
    expect(await db.prisma.uploadChunk.count({ where: { uploadId: ref.uploadId } })).toBe(0);
    expect(await db.prisma.datasetUpload.findUniqueOrThrow({ where: { id: ref.uploadId } })).toMatchObject({ status: 'failed' });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); !(await condition()); ) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
