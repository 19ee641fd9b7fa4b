import { promisedAccuracySchema, type LiveAccuracyFigures, type LivePoint, type ModelLiveAccuracy, type PageQuery, type SeriesLiveAccuracy } from '@foretell/contracts';
import { Prisma, type PrismaClient } from './generated/client';
import type { Queryable } from './database';

/** A stored forecast whose horizon reaches past its origin into data the series now holds, with the steps already scored. */
export interface ForecastAwaitingActuals {
  runModelId: string;
  seriesId: string;
  yhat: Buffer;
  origin: number;
  intervals: Record<string, { lo: number[]; hi: number[] }> | null;
  maseScale: number | null;
  /** The run's season: the MASE lag, for forecasts stored before their scale was. */
  season: number;
  scoredSteps: number[];
}

/**
 * The dataset's forecasts that may have actuals not scored yet: the series holds values past the origin, and fewer
 * steps are scored than the series now covers (8 bytes a step in `yhat`). Only completed models' forecasts: the rows a
 * sharded model's shards saved are partial (no intervals) until its merge completes it, and stay so if it never does.
 */
export async function forecastsAwaitingActuals(db: Queryable, datasetId: string): Promise<ForecastAwaitingActuals[]> {
  const { rows } = await db.query<ForecastAwaitingActuals>(
    `SELECT f."runModelId", f."seriesId", f.yhat, f.origin, f.intervals, f."maseScale", r.season,
            coalesce(scored.steps, '{}') AS "scoredSteps"
       FROM "Forecast" f
       JOIN "Series" se ON se.id = f."seriesId"
       JOIN "RunModel" rm ON rm.id = f."runModelId"
       JOIN "Run" r ON r.id = rm."runId"
       LEFT JOIN LATERAL (
         SELECT array_agg(s.step) AS steps FROM "ForecastScore" s WHERE s."runModelId" = f."runModelId" AND s."seriesId" = f."seriesId"
       ) scored ON true
      WHERE se."datasetId" = $1 AND rm.status = 'completed' AND f.origin < se.length
        AND coalesce(cardinality(scored.steps), 0) < least(octet_length(f.yhat) / 8, se.length - f.origin)`,
    [datasetId],
  );
  return rows;
}

/** A scored actual as stored: which model's forecast of which series, and the upload that brought the actual. */
export interface LiveScoreRow extends LivePoint {
  runModelId: string;
  seriesId: string;
  uploadId: string | null;
}

/** Stores scored points; a point already stored (same forecast and step) is left as it is, so scoring again adds nothing. */
export async function storeLiveScores(prisma: PrismaClient, rows: readonly LiveScoreRow[]): Promise<number> {
  let stored = 0;
  // Bounded statements: Postgres allows 65,535 parameters in one.
  for (let i = 0; i < rows.length; i += 5_000) {
    stored += (await prisma.forecastScore.createMany({ data: rows.slice(i, i + 5_000), skipDuplicates: true })).count;
  }
  return stored;
}

const coverageOf = (levels: { level: string; share: number }[]) => Object.fromEntries(levels.map((l) => [l.level, l.share]));
const coverageSchema = promisedAccuracySchema.shape.coverage.catch({});
/** A metric of a stored metrics object ({ mase, smape, … }), null where it has none. */
const metric = (metrics: unknown, name: 'mase' | 'smape'): number | null => {
  const value = (metrics as Record<string, unknown> | null)?.[name];
  return typeof value === 'number' ? value : null;
};
const iso = (date: Date | null) => date?.toISOString() ?? null;

interface FiguresRow {
  points: number;
  mase: number | null;
  smape: number | null;
  lastScoredAt: Date | null;
}
const figures = (row: FiguresRow, coverage: Record<string, number>): LiveAccuracyFigures => ({
  points: row.points,
  mase: row.mase,
  smape: row.smape,
  coverage,
  lastScoredAt: iso(row.lastScoredAt),
});

/**
 * Live accuracy of each model whose forecasts of the dataset were scored, newest run first: its figures over the
 * dataset (MASE and sMAPE means over series, as the backtest's; coverage the share of all points inside) beside what its
 * backtest promised. `championRunModelId` marks the champion's model.
 */
// Scaled errors are averaged as numeric: avg(float8) keeps a sum of squares, which overflows from about 1e154 (an
// appended actual of 1e200 made every accuracy read and scoring job of its dataset fail).
export async function modelLiveAccuracy(
  prisma: PrismaClient,
  datasetId: string,
  { offset, limit }: PageQuery,
  championRunModelId: string | null,
): Promise<{ items: ModelLiveAccuracy[]; total: number }> {
  const perSeries = Prisma.sql`
    SELECT s."runModelId", s."seriesId", count(*)::int AS points, avg(s."scaledError"::numeric)::float8 AS mase, avg(s.smape) AS smape, max(s."scoredAt") AS last
      FROM "ForecastScore" s JOIN "Series" se ON se.id = s."seriesId"
     WHERE se."datasetId" = ${datasetId}::uuid
     GROUP BY s."runModelId", s."seriesId"`;
  const rows = await prisma.$queryRaw<
    (FiguresRow & { runModelId: string; runId: string; kind: string; runCreatedAt: Date; series: number; metrics: unknown; coverage: unknown })[]
  >`
    WITH per_series AS (${perSeries})
    SELECT ps."runModelId", rm."runId", rm.kind, r."createdAt" AS "runCreatedAt", rm.metrics, rm.coverage,
           count(*)::int AS series, sum(ps.points)::int AS points, avg(ps.mase::numeric)::float8 AS mase, avg(ps.smape) AS smape, max(ps.last) AS "lastScoredAt"
      FROM per_series ps JOIN "RunModel" rm ON rm.id = ps."runModelId" JOIN "Run" r ON r.id = rm."runId"
     GROUP BY ps."runModelId", rm."runId", rm.kind, r."createdAt", rm.position, rm.metrics, rm.coverage
     ORDER BY r."createdAt" DESC, rm.position
    OFFSET ${offset} LIMIT ${limit}`;
  const [{ total }] = await prisma.$queryRaw<{ total: number }[]>`
    SELECT count(DISTINCT s."runModelId")::int AS total FROM "ForecastScore" s JOIN "Series" se ON se.id = s."seriesId" WHERE se."datasetId" = ${datasetId}::uuid`;
  const coverage = await coverageBy(prisma, Prisma.sql`s."runModelId" = ANY(${rows.map((r) => r.runModelId)}::uuid[])`, Prisma.sql`s."runModelId"`);
  const items = rows.map((row) => {
    return {
      runId: row.runId,
      runModelId: row.runModelId,
      kind: row.kind,
      runCreatedAt: row.runCreatedAt.toISOString(),
      champion: row.runModelId === championRunModelId,
      series: row.series,
      promised: { mase: metric(row.metrics, 'mase'), smape: metric(row.metrics, 'smape'), coverage: coverageSchema.parse(row.coverage ?? {}) },
      live: figures(row, coverageOf(coverage.get(row.runModelId) ?? [])),
    };
  });
  return { items, total };
}

/** One model's live accuracy per series, worst live MASE first, beside each series' own backtest figures. */
export async function seriesLiveAccuracy(
  prisma: PrismaClient,
  runModelId: string,
  { offset, limit }: PageQuery,
): Promise<{ items: SeriesLiveAccuracy[]; total: number }> {
  const rows = await prisma.$queryRaw<(FiguresRow & { seriesId: string; key: string; metrics: unknown })[]>`
    SELECT se.id AS "seriesId", se.key, f.metrics, count(*)::int AS points, avg(s."scaledError"::numeric)::float8 AS mase, avg(s.smape) AS smape, max(s."scoredAt") AS "lastScoredAt"
      FROM "ForecastScore" s
      JOIN "Series" se ON se.id = s."seriesId"
      JOIN "Forecast" f ON f."runModelId" = s."runModelId" AND f."seriesId" = s."seriesId"
     WHERE s."runModelId" = ${runModelId}::uuid
     GROUP BY se.id, se.key, f.metrics
     ORDER BY avg(s."scaledError"::numeric)::float8 DESC NULLS LAST, se.key
    OFFSET ${offset} LIMIT ${limit}`;
  const [{ total }] = await prisma.$queryRaw<{ total: number }[]>`
    SELECT count(DISTINCT "seriesId")::int AS total FROM "ForecastScore" WHERE "runModelId" = ${runModelId}::uuid`;
  const coverage = await coverageBy(
    prisma,
    Prisma.sql`s."runModelId" = ${runModelId}::uuid AND s."seriesId" = ANY(${rows.map((r) => r.seriesId)}::uuid[])`,
    Prisma.sql`s."seriesId"`,
  );
  const items = rows.map((row) => {
    return {
      seriesId: row.seriesId,
      key: row.key,
      promised: { mase: metric(row.metrics, 'mase'), smape: metric(row.metrics, 'smape') },
      live: figures(row, coverageOf(coverage.get(row.seriesId) ?? [])),
    };
  });
  return { items, total };
}

/** Share of scored points inside each interval level, grouped by `groupBy` (run model or series). */
async function coverageBy(prisma: PrismaClient, where: Prisma.Sql, groupBy: Prisma.Sql) {
  const rows = await prisma.$queryRaw<{ id: string; level: string; share: number }[]>`
    SELECT ${groupBy} AS id, kv.key AS level, avg(CASE WHEN kv.value = 'true' THEN 1.0 ELSE 0.0 END)::float8 AS share
      FROM "ForecastScore" s, jsonb_each_text(s.inside) kv
     WHERE ${where}
     GROUP BY 1, 2`;
  const out = new Map<string, { level: string; share: number }[]>();
  for (const row of rows) out.set(row.id, [...(out.get(row.id) ?? []), row]);
  return out;
}
