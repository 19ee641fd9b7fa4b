import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PrismaClient } from './generated/client';
import { connectDatabase, type Database } from './database';
import { insertDatasetSeries, loadDatasetSeries, loadDatasetSnapshot, updateSeriesValues, type NewSeries } from './series.repository';
import { appendUploadChunk, endUpload, readUploadChunks, UploadAbortedError } from './upload.repository';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

const SERIES = 400;
const POINTS = 1000;
const DAY_MS = 86_400_000;

let db: TestDatabase;
let database: Database;
let prisma: PrismaClient;
let workspaceId: string;

beforeAll(async () => {
  db = await createTestDatabase('db_series');
  database = connectDatabase(db.url);
  prisma = database.prisma;
  workspaceId = (await prisma.workspace.create({ data: { name: 'w' } })).id;
});

afterAll(async () => {
  await database?.close();
  await db?.drop();
});

/** Distinct, checkable values per series: a sine with a level, a hole every 97 points, and a spike of Infinity. */
function makeSeries(count: number, points: number): NewSeries[] {
  return Array.from({ length: count }, (_, s) => {
    const values = new Float64Array(points);
    for (let t = 0; t < points; t++) values[t] = t % 97 === s % 97 ? Number.NaN : s * 1000 + Math.sin(t / 7) + t / 3;
    values[points - 1] = s % 2 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return { key: `series-${String(count - s).padStart(4, '0')}`, start: new Date(Date.UTC(2020, 0, 1) + s * DAY_MS), values };
  });
}

describe('dataset series', () => {
  it(`loads ${SERIES} series × ${POINTS} points in upload order, bit for bit, in well under a second`, async () => {
    const dataset = await prisma.dataset.create({ data: { workspaceId, name: 'bulk', status: 'ready' } });
    const other = await prisma.dataset.create({ data: { workspaceId, name: 'other' } });
    const series = makeSeries(SERIES, POINTS);
    expect(await insertDatasetSeries(database.pool, dataset.id, series)).toBe(SERIES);
    await insertDatasetSeries(database.pool, other.id, makeSeries(3, 10));

    await loadDatasetSeries(database.pool, dataset.id); // warm the connection; time the steady state
    const started = performance.now();
    const loaded = await loadDatasetSeries(database.pool, dataset.id);
    const elapsed = performance.now() - started;
    console.log(`loadDatasetSeries: ${SERIES} × ${POINTS} points in ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);

    // Keys were named in reverse so that key order and upload order disagree: position must win.
    expect(loaded.map((s) => s.key)).toEqual(series.map((s) => s.key));
    loaded.forEach((s, i) => {
      expect(s.start.getTime()).toBe(series[i].start.getTime());
      expect(s.length).toBe(POINTS);
      expect(s.values).toBeInstanceOf(Float64Array);
      expect(Buffer.from(s.values.buffer).equals(Buffer.from(series[i].values.buffer))).toBe(true);
    });
  });

  it('loads a range of a dataset\'s series in upload order (a shard\'s), the last range to the end', async () => {
    const dataset = await prisma.dataset.create({ data: { workspaceId, name: 'ranged', status: 'ready' } });
    const series = makeSeries(10, 5);
    await insertDatasetSeries(database.pool, dataset.id, series.slice(0, 6));
    await insertDatasetSeries(database.pool, dataset.id, series.slice(6), 6); // appended later
    const keys = async (offset: number, limit?: number) =>
      (await loadDatasetSnapshot(database.pool, dataset.id, { offset, limit }))?.series.map((s) => s.key);
    expect(await keys(0, 4)).toEqual(series.slice(0, 4).map((s) => s.key));
    expect(await keys(4, 4)).toEqual(series.slice(4, 8).map((s) => s.key));
    expect(await keys(8)).toEqual(series.slice(8).map((s) => s.key));
    expect(await keys(12, 4)).toEqual([]);
  });

  it('stores positions and counts missing points', async () => {
    const dataset = await prisma.dataset.create({ data: { workspaceId, name: 'small' } });
    await insertDatasetSeries(database.pool, dataset.id, [
      { key: 'b', start: new Date('2024-01-01T00:00:00Z'), values: new Float64Array([1, Number.NaN, Number.NaN]) },
      { key: 'a', start: new Date('2024-01-01T00:00:00Z'), values: new Float64Array([]) },
    ]);
    const rows = await prisma.series.findMany({ where: { datasetId: dataset.id }, orderBy: { position: 'asc' } });
    expect(rows.map((r) => [r.key, r.position, r.length, r.missing])).toEqual([['b', 0, 3, 2], ['a', 1, 0, 0]]);
    expect(rows[0].values).toBeInstanceOf(Uint8Array);
    const loaded = await loadDatasetSeries(database.pool, dataset.id);
    expect(loaded[1].values).toHaveLength(0);
  });

  it('records each series\' demand class when stored and when its values are replaced', async () => {
    const dataset = await prisma.dataset.create({ data: { workspaceId, name: 'demand' } });
    const start = new Date(Date.UTC(2020, 0, 1));
    await insertDatasetSeries(database.pool, dataset.id, [
      { key: 'selling', start, values: Float64Array.of(5, 6, 5, 6) },
      { key: 'spares', start, values: Float64Array.of(0, 1, 0, 9, Number.NaN) },
      { key: 'temperature', start, values: Float64Array.of(-3, 2) },
    ]);
    const classes = async () => {
      const { rows } = await database.pool.query<{ key: string; demandClass: string | null }>(
        'SELECT key, "demandClass" FROM "Series" WHERE "datasetId" = $1 ORDER BY position',
        [dataset.id],
      );
      return rows;
    };
    expect(await classes()).toEqual([
      { key: 'selling', demandClass: 'smooth' },
      { key: 'spares', demandClass: 'lumpy' },
      { key: 'temperature', demandClass: null },
    ]);
    const selling = await prisma.series.findFirstOrThrow({ where: { datasetId: dataset.id, key: 'selling' } });
    await updateSeriesValues(database.pool, [{ id: selling.id, values: Float64Array.of(5, 6, 5, 6, 0, 0, 0, 0) }]);
    expect((await classes())[0]).toEqual({ key: 'selling', demandClass: 'intermittent' });
  });

  it('returns nothing for an unknown dataset', async () => {
    expect(await loadDatasetSeries(database.pool, '00000000-0000-4000-8000-000000000000')).toEqual([]);
  });
});

/** A dataset with its first upload, as the API creates them. */
async function newUpload(name: string) {
  const dataset = await prisma.dataset.create({ data: { workspaceId, name, uploads: { create: { kind: 'create' } } }, include: { uploads: true } });
  return { dataset, upload: dataset.uploads[0]! };
}

describe('upload chunks', () => {
  it('reads back the raw bytes in order, up to the end marker', async () => {
    const { upload } = await newUpload('chunks');
    const parts = [Buffer.from('a,b\n1,'), new Uint8Array([50, 10, 0xe2, 0x82]), Buffer.from([0xac])];
    for (const seq of [2, 0, 1]) await appendUploadChunk(database.pool, upload.id, seq, parts[seq]!);
    await endUpload(database.pool, upload.id, 3);
    const read: Uint8Array[] = [];
    for await (const chunk of readUploadChunks(database.pool, upload.id)) read.push(chunk);
    expect(Buffer.concat(read).toString('utf8')).toBe('a,b\n1,2\n€');
  });

  it('stops when the upload was deleted (its dataset was) before or while it is read', async () => {
    const { dataset, upload } = await newUpload('abandoned');
    await appendUploadChunk(database.pool, upload.id, 0, Buffer.from('a,b\n'));
    await appendUploadChunk(database.pool, upload.id, 1, Buffer.from('1,2\n'));
    await endUpload(database.pool, upload.id, 2);
    const reader = readUploadChunks(database.pool, upload.id);
    expect((await reader.next()).value).toBeDefined();
    await prisma.dataset.delete({ where: { id: dataset.id } });
    await expect(reader.next()).rejects.toBeInstanceOf(UploadAbortedError);
    await expect(readUploadChunks(database.pool, upload.id).next()).rejects.toThrow(/deleted before it was read/);
  });
});

describe('storage of bytes', () => {
  it('keeps uploads, series values and model weights uncompressed (compression slows ingest about 4x)', async () => {
    const { rows } = await database.pool.query<{ column: string; storage: string }>(
      `SELECT c.relname || '.' || a.attname AS column, a.attstorage AS storage FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid WHERE (c.relname, a.attname) IN (('UploadChunk', 'data'), ('Series', 'values'), ('TrainedModel', 'weights'))
       ORDER BY 1`,
    );
    expect(rows).toEqual([
      { column: 'Series.values', storage: 'e' },
      { column: 'TrainedModel.weights', storage: 'e' },
      { column: 'UploadChunk.data', storage: 'e' },
    ]);
  });
});
