import { z } from 'zod';
import { frequencySchema } from './frequency';

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

/**
 * Optional column mapping sent with an upload. Without it the columns are detected: a long file has a series id,
 * a timestamp and a value column; a wide file has a timestamp column and one numeric column per series.
 */
export const columnMappingSchema = z.object({
  layout: z.enum(['long', 'wide']).optional(),
  timestamp: z.string().min(1).optional(),
  seriesId: z.string().min(1).optional(),
  value: z.string().min(1).optional(),
  /** Wide files: the value columns to keep (default: every numeric column). */
  columns: z.array(z.string().min(1)).optional(),
});
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

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
  /** Series with the most gaps, for the profile page. */
  gappiestSeries: z.array(z.object({ id: z.string(), gaps: z.number().int() })),
});
export type DatasetProfile = z.infer<typeof datasetProfileSchema>;

export const datasetSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: datasetStatusSchema,
  error: z.string().nullable(),
  problems: z.array(csvProblemSchema),
  bytes: z.number().int(),
  profile: datasetProfileSchema.nullable(),
  createdAt: z.string(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export const seriesSummarySchema = z.object({
  id: z.string(),
  length: z.number().int(),
  start: z.string(),
  end: z.string(),
  missing: z.number().int(),
});
export type SeriesSummary = z.infer<typeof seriesSummarySchema>;

export const seriesPointsSchema = z.object({
  id: z.string(),
  timestamps: z.array(z.string()),
  /** `null` where the value is missing. */
  values: z.array(z.number().nullable()),
});
export type SeriesPoints = z.infer<typeof seriesPointsSchema>;
