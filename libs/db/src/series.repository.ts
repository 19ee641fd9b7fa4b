import { createHash } from 'node:crypto';
import { demandPattern } from '@foretell/contracts';
import { decodeValues, encodeValues } from './values-codec';
import type pg from 'pg';
import { inTransaction, type Queryable } from './database';

export interface LoadedSeries {
  id: string;
  key: string;
  start: Date;
  length: number;
  values: Float64Array;
}

export interface NewSeries {
  key: string;
  start: Date;
  values: Float64Array;
}

/** Some of a dataset's series in upload order: `limit` of them (all when absent) after the first `offset`. */
export interface SeriesRange {
  offset: number;
  limit?: number;
}

/** Every series of a dataset (or a range of them) in upload order, in one query (the values are one BYTEA per series). */
export async function loadDatasetSeries(db: Queryable, datasetId: string, range: SeriesRange = { offset: 0 }): Promise<LoadedSeries[]> {
  const { rows } = await db.query<{ id: string; key: string; start: Date; length: number; values: Buffer }>(
    'SELECT id, key, start, length, "values" FROM "Series" WHERE "datasetId" = $1 ORDER BY position OFFSET $2 LIMIT $3',
    [datasetId, range.offset, range.limit ?? null],
  );
  return rows.map((row) => {
    const values = decodeValues(row.values);
    if (values.length !== row.length) {
      throw new Error(`Series ${row.key} (${row.id}) stores ${values.length} values but says it has ${row.length}.`);
    }
    return { id: row.id, key: row.key, start: row.start, length: row.length, values };
  });
}

/** A dataset's series with the version and content hash they are, read from one snapshot. */
export interface DatasetSnapshot {
  version: number;
  contentHash: string | null;
  series: LoadedSeries[];
}

/**
 * The dataset row and its series (or a range of them: a shard's) from one snapshot (a read-only REPEATABLE READ
 * transaction), so the version and hash name exactly the values read, whatever append commits meanwhile (appends
 * write all three in one transaction). Null when the dataset is gone.
 */
export async function loadDatasetSnapshot(pool: pg.Pool, datasetId: string, range?: SeriesRange): Promise<DatasetSnapshot | null> {
  return inTransaction(
    pool,
    async (client) => {
      const { rows } = await client.query<{ version: number; contentHash: string | null }>(
        'SELECT version, "contentHash" FROM "Dataset" WHERE id = $1',
        [datasetId],
      );
      return rows[0] ? { ...rows[0], series: await loadDatasetSeries(client, datasetId, range) } : null;
    },
    { snapshot: true },
  );
}

/** Rows per INSERT: 7 parameters each, well under PostgreSQL's 65,535-parameter limit. */
const INSERT_BATCH = 2_000;

/**
 * Stores a dataset's series in the given order (position = `firstPosition` + index; appended series go after the
 * stored ones), counting missing (NaN) points and recording the demand class.
 */
export async function insertDatasetSeries(
  db: Queryable,
  datasetId: string,
  series: readonly NewSeries[],
  firstPosition = 0,
): Promise<number> {
  for (let from = 0; from < series.length; from += INSERT_BATCH) {
    const batch = series.slice(from, from + INSERT_BATCH);
    const params: unknown[] = [datasetId];
    const tuples = batch.map((s, i) => {
      const position = firstPosition + from + i;
      const values = Buffer.from(encodeValues(s.values).buffer);
      params.push(s.key, position, s.start, s.values.length, countMissing(s.values), demandClass(s.values), values);
      const p = params.length - 7;
      return `(gen_random_uuid(), $1, $${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7})`;
    });
    await db.query(
      `INSERT INTO "Series" (id, "datasetId", key, position, start, length, missing, "demandClass", "values") VALUES ${tuples.join(', ')}`,
      params,
    );
  }
  return series.length;
}

/** Series whose values are replaced per UPDATE (their bytes travel in one array parameter). */
const UPDATE_BATCH = 500;

/** Replaces stored series' values (same start, possibly longer), by series id; length, missing and demand class follow. */
export async function updateSeriesValues(db: Queryable, series: readonly { id: string; values: Float64Array }[]): Promise<void> {
  for (let from = 0; from < series.length; from += UPDATE_BATCH) {
    const batch = series.slice(from, from + UPDATE_BATCH);
    await db.query(
      `UPDATE "Series" s SET length = u.length, missing = u.missing, "demandClass" = u.class, "values" = u.bytes
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::bytea[]) AS u(id, length, missing, class, bytes)
       WHERE s.id = u.id`,
      [
        batch.map((s) => s.id),
        batch.map((s) => s.values.length),
        batch.map((s) => countMissing(s.values)),
        batch.map((s) => demandClass(s.values)),
        batch.map((s) => Buffer.from(encodeValues(s.values).buffer)),
      ],
    );
  }
}

function demandClass(values: Float64Array): string | null {
  return demandPattern(values)?.class ?? null;
}

function countMissing(values: Float64Array): number {
  let missing = 0;
  for (const v of values) if (Number.isNaN(v)) missing++;
  return missing;
}

/**
 * SHA-256 of a dataset's content — each series' key, start and values, in order — so runs and saved models name the
 * exact data they were trained on (a dataset's version says that it changed, the hash says what it was).
 */
export function datasetContentHash(series: readonly NewSeries[]): string {
  const hash = createHash('sha256');
  for (const s of series) {
    hash.update(`${s.key}\u0000${s.start.toISOString()}\u0000${s.values.length}\u0000`);
    hash.update(encodeValues(s.values));
  }
  return hash.digest('hex');
}
