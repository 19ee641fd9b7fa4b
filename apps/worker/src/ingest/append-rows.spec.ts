import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendUploadChunk, openTestDatabase, datasetContentHash, endUpload, loadDatasetSeries, type Database } from '@foretell/db';
import { failUploadJob, ingestUpload } from './ingest-upload';

describe('appending rows to a dataset', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('worker_append');
  });
  afterAll(() => db?.close());

  /** Stores a file as an upload of the dataset (a new one for `create`) in small chunks, as the API does. */
  async function send(text: string, datasetId?: string) {
    const upload = datasetId
      ? await db.prisma.datasetUpload.create({ data: { datasetId, kind: 'append' } })
      : (await db.prisma.dataset.create({ data: { workspaceId: (await db.prisma.workspace.create({ data: { name: 'w' } })).id, name: 'd', uploads: { create: { kind: 'create' } } }, include: { uploads: true } }))
          .uploads[0]!;
    const bytes = Buffer.from(text);
    let seq = 0;
    for (let i = 0; i < bytes.length; i += 11) await appendUploadChunk(db.pool, upload.id, seq++, bytes.subarray(i, i + 11));
    await endUpload(db.pool, upload.id, seq);
    // As the API does once the file is stored: the upload's size, and a new dataset's.
    await db.prisma.datasetUpload.update({ where: { id: upload.id }, data: { bytes: bytes.length } });
    if (!datasetId) await db.prisma.dataset.update({ where: { id: upload.datasetId }, data: { bytes: bytes.length } });
    return { datasetId: upload.datasetId, uploadId: upload.id };
  }

  async function created(text: string) {
    const ref = await send(text);
    await ingestUpload(db, ref);
    return ref.datasetId;
  }

  const stored = async (datasetId: string) =>
    Object.fromEntries(
      (await loadDatasetSeries(db.pool, datasetId)).map((s) => [s.key, Array.from(s.values, (v) => (Number.isNaN(v) ? null : v))]),
    );
  const datasetRow = (id: string) => db.prisma.dataset.findUniqueOrThrow({ where: { id } });

  const FIRST = 'id,day,v\na,2024-01-01,1\na,2024-01-02,\na,2024-01-03,3\nb,2024-01-02,10\nb,2024-01-03,11\n';

  it('merges by series key in one step: appends, fills, keeps stored values on conflict, adds series, bumps the version', async () => {
    const datasetId = await created(FIRST);
    const before = await datasetRow(datasetId);
    const appended =
      // a: fills 01-02, overlaps 01-03 identically, appends 01-04 and (after a gap) 01-06.
      // b: 01-01 is before its start, 01-03 conflicts (stored 11 kept), appends 01-04. c is new.
      'id,day,v\na,2024-01-02,2\na,2024-01-03,3\na,2024-01-04,4\na,2024-01-06,6\n' +
      'b,2024-01-01,9\nb,2024-01-03,99\nb,2024-01-04,12\nc,2024-01-05,7\nc,2024-01-06,8\n';
    const ref = await send(appended, datasetId);
    const summary = await ingestUpload(db, ref);
    expect(summary).toEqual({
      rowsAdded: 6,
      seriesExtended: 2,
      seriesAdded: 1,
      gaps: 1,
      filled: 1,
      overlaps: {
        count: 2,
        identical: 1,
        conflicting: 1,
        examples: [{ series: 'b', timestamp: '2024-01-03T00:00:00.000Z', stored: 11, uploaded: 99 }],
      },
      beforeStart: { count: 1, examples: [{ series: 'b', timestamp: '2024-01-01T00:00:00.000Z', start: '2024-01-02T00:00:00.000Z' }] },
      changed: true,
    });
    expect(await stored(datasetId)).toEqual({ a: [1, 2, 3, 4, null, 6], b: [10, 11, 12], c: [7, 8] });

    const after = await datasetRow(datasetId);
    expect(after.version).toBe(before.version + 1);
    // The dataset's size counts every file whose rows it holds (the list's Size column).
    expect(after.bytes).toBe(FIRST.length + appended.length);
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(after.contentHash).toBe(datasetContentHash(await loadDatasetSeries(db.pool, datasetId)));
    expect(after.profile).toMatchObject({ seriesCount: 3, points: 11, end: '2024-01-06T00:00:00.000Z', missing: 1, gaps: 1 });
    expect(await db.prisma.series.findFirst({ where: { datasetId, key: 'c' } })).toMatchObject({ position: 2, length: 2 });
    expect(await db.prisma.datasetUpload.findUniqueOrThrow({ where: { id: ref.uploadId } })).toMatchObject({ status: 'ready', summary });
    expect(await db.prisma.uploadChunk.count({ where: { uploadId: ref.uploadId } })).toBe(0);

    // A redelivered job appends nothing twice.
    await expect(ingestUpload(db, ref)).resolves.toEqual(summary);
    expect(await stored(datasetId)).toEqual({ a: [1, 2, 3, 4, null, 6], b: [10, 11, 12], c: [7, 8] });
    expect(await datasetRow(datasetId)).toMatchObject({ version: after.version, bytes: after.bytes });
  });

  it('gives the same content hash as one upload of all the rows, when the append has no conflicts', async () => {
    const datasetId = await created('month,sales\n2020-01,1\n2020-02,2\n2020-03,3\n');
    await ingestUpload(db, await send('month,sales\n2020-03,3\n2020-04,4\n2020-05,5\n', datasetId));
    const oneShot = await created('month,sales\n2020-01,1\n2020-02,2\n2020-03,3\n2020-04,4\n2020-05,5\n');
    expect((await datasetRow(datasetId)).contentHash).toBe((await datasetRow(oneShot)).contentHash);
    expect((await datasetRow(datasetId)).profile).toMatchObject({ points: 5, rows: 6 });
  });

  it('applies the dataset’s duplicates policy within the appended file, then keeps stored values', async () => {
    const ref = await send('id,day,v\na,2024-01-01,1\na,2024-01-01,2\na,2024-01-02,5\n');
    await db.prisma.dataset.update({ where: { id: ref.datasetId }, data: { mapping: { duplicates: 'sum' } } });
    await ingestUpload(db, ref);
    expect(await stored(ref.datasetId)).toEqual({ a: [3, 5] });
    // 01-02 is stored (5 kept against 4 + 4), 01-03 is new: its two rows are summed.
    const summary = await ingestUpload(db, await send('id,day,v\na,2024-01-02,4\na,2024-01-02,4\na,2024-01-03,6\na,2024-01-03,1\n', ref.datasetId));
    expect(summary).toMatchObject({ rowsAdded: 1, overlaps: { count: 1, conflicting: 1 } });
    expect(await stored(ref.datasetId)).toEqual({ a: [3, 5, 7] });
    expect((await datasetRow(ref.datasetId)).profile).toMatchObject({ merged: 3, rows: 7 });
  });

  it("names the dataset's columns when an append's are named otherwise (an append cannot map its own)", async () => {
    const datasetId = await created(FIRST);
    const error = await ingestUpload(db, await send('key,date,value\na,2024-01-04,4\n', datasetId)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /appended rows are read from the dataset's columns "day", "id", "v", as its first file named them, and this file has no column "day" \(its columns are "key", "date", "value"\): name them as the dataset does/,
    );
    expect((error as Error).message).not.toMatch(/column mapping/);
  });

  it('tells an append with two rows at one timestamp that the dataset refuses them, not to choose a policy it cannot send', async () => {
    const datasetId = await created(FIRST);
    const error = await ingestUpload(db, await send('id,day,v\na,2024-01-04,4\na,2024-01-04,5\n', datasetId)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /series "a" has the timestamp 2024-01-04 twice \(rows 2 and 3\); this dataset keeps one row per series and timestamp \(its first upload refused more\), and an append cannot merge them: keep one in the file/,
    );
  });

  it('says what became of the file’s empty cells as an append does with them, not "kept as a missing value" cell by cell', async () => {
    const datasetId = await created(FIRST);
    // a's 01-03 is stored (ignored), its 01-05 lies between new values (kept missing), its 01-07 after its last value (dropped).
    const ref = await send('id,day,v\na,2024-01-03,\na,2024-01-04,4\na,2024-01-05,\na,2024-01-06,6\na,2024-01-07,\n', datasetId);
    await ingestUpload(db, ref);
    expect(await stored(datasetId)).toMatchObject({ a: [1, null, 3, 4, null, 6] });
    const messages = (await db.prisma.datasetUpload.findUniqueOrThrow({ where: { id: ref.uploadId } })).problems as { message: string }[];
    expect(messages.filter((p) => /kept as a missing value/.test(p.message))).toEqual([]);
    expect(messages).toContainEqual({
      row: null,
      column: null,
      message: "Cells without a value: kept as missing values where they fall between a series' new values; ignored where the series already has that timestamp and after its last new value",
    });
  });

  it('leaves version and hash alone when the file adds nothing', async () => {
    const datasetId = await created(FIRST);
    const before = await datasetRow(datasetId);
    const ref = await send('id,day,v\na,2024-01-03,3\nb,2024-01-02,10\n', datasetId);
    await expect(ingestUpload(db, ref)).resolves.toMatchObject({ changed: false, overlaps: { count: 2, identical: 2 } });
    const after = await datasetRow(datasetId);
    expect([after.version, after.contentHash, after.profile, after.bytes]).toEqual([before.version, before.contentHash, before.profile, before.bytes]);
  });

  it('calls what follows a stored append again on a retry, and a failure there never fails the stored append', async () => {
    const datasetId = await created(FIRST);
    const ref = await send('id,day,v\na,2024-01-04,4\n', datasetId);
    const appended: string[] = [];
    const failing = async () => {
      throw new Error('Redis is gone');
    };
    await expect(ingestUpload(db, ref, { onAppended: failing })).rejects.toThrow('Redis is gone');
    // The job's retries are spent: the append is stored all the same, so the upload stays ready with its summary.
    await failUploadJob(db, ref, 'Internal error while ingesting the upload (ref 00000000); the team has the details.');
    const upload = await db.prisma.datasetUpload.findUniqueOrThrow({ where: { id: ref.uploadId } });
    expect(upload).toMatchObject({ status: 'ready', error: null, summary: expect.objectContaining({ rowsAdded: 1 }) });
    await ingestUpload(db, ref, { onAppended: async ({ uploadId }) => void appended.push(uploadId) });
    expect(appended).toEqual([ref.uploadId]);
  });

  it.each([
    ['a value that is not a number', 'id,day,v\na,2024-01-04,4\na,2024-01-05,x\n', { row: 3, column: 'v' }],
    ['rows of another frequency', 'id,day,v\na,2024-01-04 00:00,4\na,2024-01-04 01:00,5\n', { row: null, column: 'day' }],
    ['a file without the dataset’s columns', 'id,when,v\na,2024-01-04,4\n', { row: 1, column: 'day' }],
    ['a lone far-off row that would make millions of gap points', 'id,day,v\na,9999-12-31,1\n', { row: 2, column: 'day' }],
  ])('fails the upload alone on %s, keeping the dataset as it was', async (_, text, where) => {
    const datasetId = await created(FIRST);
    const before = await datasetRow(datasetId);
    const values = await stored(datasetId);
    const ref = await send(text, datasetId);
    await expect(ingestUpload(db, ref)).rejects.toMatchObject({ name: 'UserError' });
    const upload = await db.prisma.datasetUpload.findUniqueOrThrow({ where: { id: ref.uploadId } });
    expect(upload.status).toBe('failed');
    expect(upload.problems).toEqual(expect.arrayContaining([expect.objectContaining(where)]));
    const after = await datasetRow(datasetId);
    expect([after.status, after.version, after.contentHash]).toEqual(['ready', before.version, before.contentHash]);
    expect(await stored(datasetId)).toEqual(values);
    expect(await db.prisma.uploadChunk.count({ where: { uploadId: ref.uploadId } })).toBe(0);
  });

  it('fails an append that would take the dataset past UPLOAD_MAX_SERIES, keeping the dataset as it was', async () => {
    const datasetId = await created(FIRST);
    const before = await datasetRow(datasetId);
    const ref = await send('id,day,v\nc,2024-01-04,4\nc,2024-01-05,5\n', datasetId);
    await expect(ingestUpload(db, ref, { maxSeries: 2 })).rejects.toMatchObject({ name: 'UserError' });
    const upload = await db.prisma.datasetUpload.findUniqueOrThrow({ where: { id: ref.uploadId } });
    expect(upload).toMatchObject({
      status: 'failed',
      error: 'With this file the dataset would hold 3 series; this installation accepts at most 2 series (UPLOAD_MAX_SERIES): split the file, or ask the operator to raise UPLOAD_MAX_SERIES',
    });
    expect((await datasetRow(datasetId)).version).toBe(before.version);
    expect(Object.keys(await stored(datasetId))).toEqual(['a', 'b']);
  });
});
