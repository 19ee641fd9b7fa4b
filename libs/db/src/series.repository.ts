import type { PrismaClient } from './generated/client';
import { decodeValues, encodeValues } from './values-codec';

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

/** Every series of a dataset in upload order, in one query (the values are one BYTEA per series). */
export async function loadDatasetSeries(prisma: PrismaClient, datasetId: string): Promise<LoadedSeries[]> {
  const rows = await prisma.series.findMany({
    where: { datasetId },
    orderBy: { position: 'asc' },
    select: { id: true, key: true, start: true, length: true, values: true },
  });
  return rows.map((row) => {
    const values = decodeValues(row.values);
    if (values.length !== row.length) {
      throw new Error(`Series ${row.key} (${row.id}) stores ${values.length} values but says it has ${row.length}.`);
    }
    return { id: row.id, key: row.key, start: row.start, length: row.length, values };
  });
}

/** Stores a dataset's series in the given order (position = index), counting missing (NaN) points. */
export async function insertDatasetSeries(prisma: PrismaClient, datasetId: string, series: NewSeries[]): Promise<number> {
  const { count } = await prisma.series.createMany({
    data: series.map((s, position) => ({
      datasetId,
      key: s.key,
      position,
      start: s.start,
      length: s.values.length,
      missing: countMissing(s.values),
      values: encodeValues(s.values),
    })),
  });
  return count;
}

function countMissing(values: Float64Array): number {
  let missing = 0;
  for (const v of values) if (Number.isNaN(v)) missing++;
  return missing;
}
