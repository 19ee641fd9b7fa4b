import { z } from 'zod';
import { DEMAND_CLASSES } from './demand-class';
import { FREQUENCY_UNITS, frequencySchema } from './frequency';
import { displayNameSchema } from './names';

export const DATASET_STATUSES = ['ingesting', 'ready', 'failed'] as const;
export const datasetStatusSchema = z.enum(DATASET_STATUSES);
export type DatasetStatus = z.infer<typeof datasetStatusSchema>;

/** A problem in an uploaded file. `row` is the 1-based line number in the file (the header is row 1). */
export const csvProblemSchema = z.object({
  row: z.number().int().positive().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});
export type CsvProblem = z.infer<typeof csvProblemSchema>;

export const DUPLICATE_POLICIES = ['refuse', 'sum', 'mean', 'last', 'first'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
export const RESAMPLE_AGGREGATES = ['sum', 'mean'] as const;
export type ResampleAggregate = (typeof RESAMPLE_AGGREGATES)[number];
export const DATE_ORDERS = ['dmy', 'mdy'] as const;
export const dateOrderSchema = z.enum(DATE_ORDERS);
export type DateOrder = z.infer<typeof dateOrderSchema>;

/**
 * The longest series id or column name a file may hold (characters): a key must fit Postgres's index on the series
 * and be readable back in a URL path; run covariates name series by key within the same limit.
 */
export const SERIES_KEY_MAX_LENGTH = 500;

/** A frequency as the API reads it, and its form in the answer to one written otherwise (the CLI's "1d"). */
const resampleFrequencySchema = z.object(frequencySchema.shape, {
  error: (issue) =>
    issue.code === 'invalid_type' ? `expected a frequency such as {"unit": "day", "step": 1} (unit: ${FREQUENCY_UNITS.slice(0, -1).join(', ')} or ${FREQUENCY_UNITS.at(-1)})` : undefined,
});

/**
 * Optional column mapping sent with an upload. Without it the columns are detected: a long file has a series id,
 * a timestamp and a value column; a wide file has a timestamp column and one numeric column per series.
 */
export const columnMappingSchema = z.object({
  layout: z.enum(['long', 'wide']).optional(),
  timestamp: z.string().min(1).optional(),
  /**
   * The series id column; `null`: the file has none and is one series (a transaction log whose text columns describe
   * each row, not a series: merge rows at one timestamp with `duplicates` or `resample`).
   */
  seriesId: z.string().min(1).nullable().optional(),
  value: z.string().min(1).optional(),
  /** Wide files: the value columns to keep (default: every numeric column). */
  columns: z.array(z.string().min(1)).optional(),
  /**
   * Rows of one series at the same timestamp: refused (the default) or merged into one point. Every merge ignores
   * missing values; a point whose rows are all missing stays missing.
   */
  duplicates: z.enum(DUPLICATE_POLICIES).optional(),
  /**
   * Aggregates every row of a period into one point at a coarser frequency (hourly → daily, transactions → daily
   * sums): days from 00:00 UTC, ISO weeks from Monday, months from the 1st. The duplicates policy does not apply.
   */
  resample: z.object({ frequency: resampleFrequencySchema, aggregate: z.enum(RESAMPLE_AGGREGATES) }).strict().optional(),
  /** Excel workbooks: the sheet to read, by name (default: the first). */
  sheet: z.string().min(1).max(31).optional(),
  /** Dates such as 01/02/2016: day first (`dmy`) or month first (`mdy`); detected when a day above 12 decides. */
  dateOrder: dateOrderSchema.optional(),
  /** A Luxon pattern for timestamps in another form, e.g. `dd/MM/yyyy HH:mm` or `M/d/yyyy h:mm a`. */
  timestampFormat: z.string().min(1).max(100).optional(),
  /** IANA zone of times written without an offset (e.g. `Europe/Berlin`): converted to UTC; default UTC. */
  timezone: z.string().min(1).max(100).optional(),
})
  // A misspelt option (`dateorder`) would otherwise be dropped without a word.
  .strict();
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** A refused mapping's faults, each naming its field (`mapping.layout`), for messages and `issues`. */
export function columnMappingIssues(error: z.ZodError): { path: string; message: string }[] {
  const fields = Object.keys(columnMappingSchema.shape).join(', ');
  const path = (keys: readonly PropertyKey[]) => ['mapping', ...keys.map(String)].join('.');
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: path([...issue.path, key]),
          message: issue.path.length === 0 ? `is not a mapping field (they are ${fields})` : `is not a field of ${path(issue.path)}`,
        }))
      : [{ path: path(issue.path), message: issue.message }],
  );
}

export const datasetProfileSchema = z.object({
  layout: z.enum(['long', 'wide']),
  columns: z.object({ timestamp: z.string(), seriesId: z.string().nullable(), values: z.array(z.string()) }),
  frequency: frequencySchema,
  seriesCount: z.number().int(),
  rows: z.number().int(),
  points: z.number().int(),
  minLength: z.number().int(),
  maxLength: z.number().int(),
  start: z.string(),
  end: z.string(),
  /** Timestamps missing from the regular grid, filled as missing values. */
  gaps: z.number().int(),
  /** Empty or NA cells plus gap points. */
  missing: z.number().int(),
  /** Rows folded into another point by the duplicates policy or resampling (absent before these existed). */
  merged: z.number().int().optional(),
  /** Series with the most gaps, for the profile page. */
  gappiestSeries: z.array(z.object({ id: z.string(), gaps: z.number().int() })),
  /**
   * Series per Syntetos–Boylan demand class (./demand-class); series with a negative value or no non-zero value have
   * none. Absent in profiles stored before it existed.
   */
  demandClasses: z
    .object({ smooth: z.number().int(), erratic: z.number().int(), intermittent: z.number().int(), lumpy: z.number().int() })
    .optional(),
  /** Day-month dates: the order they were read in (declared or detected); appended rows are read the same way. */
  dateOrder: dateOrderSchema.optional(),
});
export type DatasetProfile = z.infer<typeof datasetProfileSchema>;

/** A dataset's name: the upload's `name` field, else the file name without its extension. */
export const datasetNameSchema = displayNameSchema(200);

export const datasetSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: datasetStatusSchema,
  error: z.string().nullable(),
  problems: z.array(csvProblemSchema),
  /** Bytes of the files whose rows it holds: the first upload's, plus each append's that changed it. */
  bytes: z.number().int(),
  profile: datasetProfileSchema.nullable(),
  /** 1 for the first upload, + 1 for each append that changed the series. */
  version: z.number().int(),
  /** SHA-256 of the stored series once ready: the same content has the same hash. */
  contentHash: z.string().nullable(),
  createdAt: z.string(),
});
export type Dataset = z.infer<typeof datasetSchema>;

/** A profile's totals, without what grows with the series (the value column names, the gappiest series). */
export const datasetProfileSummarySchema = datasetProfileSchema.omit({ columns: true, gappiestSeries: true });
export type DatasetProfileSummary = z.infer<typeof datasetProfileSummarySchema>;

/** A dataset as `GET /api/datasets` lists it: the profile's totals only; `GET /api/datasets/:id` has the full profile. */
export const datasetSummarySchema = datasetSchema.extend({ profile: datasetProfileSummarySchema.nullable() });
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/**
 * What appending rows did. Rows at timestamps a series already has are overlaps: the stored value is kept, whether
 * the uploaded one is the same (identical) or not (conflicting, with a few examples); a stored missing value is
 * filled instead. Rows before a series' start are skipped. Unknown series keys become new series.
 */
export const appendSummarySchema = z.object({
  /** Values from the file now stored: after a series' end, in a new series, or in place of a missing value. */
  rowsAdded: z.number().int(),
  seriesExtended: z.number().int(),
  seriesAdded: z.number().int(),
  /** Grid steps with no row, after a series' old end, now stored as missing values. */
  gaps: z.number().int(),
  /** Stored missing values the file filled. */
  filled: z.number().int(),
  overlaps: z.object({
    count: z.number().int(),
    identical: z.number().int(),
    conflicting: z.number().int(),
    examples: z.array(
      z.object({ series: z.string(), timestamp: z.string(), stored: z.number(), uploaded: z.number() }),
    ),
  }),
  beforeStart: z.object({
    count: z.number().int(),
    examples: z.array(z.object({ series: z.string(), timestamp: z.string(), start: z.string() })),
  }),
  /** False when the file added nothing: the dataset's version and content hash stay as they were. */
  changed: z.boolean(),
});
export type AppendSummary = z.infer<typeof appendSummarySchema>;

/** One file sent for a dataset: its first upload (`create`) or rows appended later (`append`). */
export const datasetUploadSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  kind: z.enum(['create', 'append']),
  status: datasetStatusSchema,
  error: z.string().nullable(),
  /** Rows at fault when failed; warnings (missing values, unused columns…) when ready. */
  problems: z.array(csvProblemSchema),
  bytes: z.number().int(),
  summary: appendSummarySchema.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type DatasetUpload = z.infer<typeof datasetUploadSchema>;

export const demandClassSchema = z.enum(DEMAND_CLASSES);

export const seriesSummarySchema = z.object({
  id: z.string(),
  length: z.number().int(),
  start: z.string(),
  end: z.string(),
  missing: z.number().int(),
  /** Null where the series is not demand data, or was stored before classes were recorded. */
  demandClass: demandClassSchema.nullable(),
});
export type SeriesSummary = z.infer<typeof seriesSummarySchema>;

export const seriesPointsSchema = z.object({
  id: z.string(),
  timestamps: z.array(z.string()),
  /** `null` where the value is missing. */
  values: z.array(z.number().nullable()),
});
export type SeriesPoints = z.infer<typeof seriesPointsSchema>;
