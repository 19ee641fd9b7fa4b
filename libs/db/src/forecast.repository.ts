import type { Prisma } from './generated/client';
import { encodeValues } from './values-codec';

/** A model's result for one series, as a fit stores it (the `Forecast` row). */
export interface ForecastRow {
  seriesId: string;
  yhat: Float64Array;
  origin: number;
  maseScale: number | null;
  intervals: Record<string, { lo: number[]; hi: number[] }> | null;
  backtest: unknown;
  metrics: unknown;
}

/** Rows per statement: each column travels as one array parameter, so a batch is one round trip. */
const BATCH = 1_000;

type RawDb = Pick<Prisma.TransactionClient, '$executeRaw'>;

/**
 * Inserts a model's forecast rows in batches of one `INSERT … SELECT FROM unnest(…)` each, in the caller's
 * transaction (thousands of Prisma row objects cost far more). Bytes travel as hex and JSON as text.
 */
export async function insertForecasts(db: RawDb, runModelId: string, rows: readonly ForecastRow[]): Promise<void> {
  for (let from = 0; from < rows.length; from += BATCH) {
    const batch = rows.slice(from, from + BATCH);
    const hex = batch.map((r) => Buffer.from(encodeValues(r.yhat)).toString('hex'));
    await db.$executeRaw`
      INSERT INTO "Forecast" ("runModelId", "seriesId", yhat, origin, "maseScale", intervals, backtest, metrics)
      SELECT ${runModelId}::uuid, u.series, decode(u.yhat, 'hex'), u.origin, u.scale, u.intervals::jsonb, u.backtest::jsonb, u.metrics::jsonb
      FROM unnest(
        ${batch.map((r) => r.seriesId)}::uuid[], ${hex}::text[], ${batch.map((r) => r.origin)}::int[],
        ${batch.map((r) => r.maseScale)}::float8[], ${batch.map((r) => (r.intervals ? JSON.stringify(r.intervals) : null))}::text[],
        ${batch.map((r) => JSON.stringify(r.backtest))}::text[], ${batch.map((r) => JSON.stringify(r.metrics))}::text[]
      ) AS u(series, yhat, origin, scale, intervals, backtest, metrics)`;
  }
}

/** Sets the intervals of a model's stored forecasts, by series, in batches (a sharded fit's merge calibrates them last). */
export async function setForecastIntervals(
  db: RawDb,
  runModelId: string,
  rows: readonly { seriesId: string; intervals: ForecastRow['intervals'] }[],
): Promise<void> {
  for (let from = 0; from < rows.length; from += BATCH) {
    const batch = rows.slice(from, from + BATCH);
    await db.$executeRaw`
      UPDATE "Forecast" f SET intervals = u.intervals::jsonb
      FROM unnest(${batch.map((r) => r.seriesId)}::uuid[], ${batch.map((r) => (r.intervals ? JSON.stringify(r.intervals) : null))}::text[]) AS u(series, intervals)
      WHERE f."runModelId" = ${runModelId}::uuid AND f."seriesId" = u.series`;
  }
}
