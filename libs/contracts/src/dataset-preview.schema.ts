import { z } from 'zod';
import { csvProblemSchema, dateOrderSchema } from './datasets.schema';
import { frequencySchema } from './frequency';

/** Bytes of a file the dashboard sends for a preview (`POST /api/datasets/preview`): the first lines, not the file. */
export const PREVIEW_MAX_BYTES = 256 * 1024;
/**
 * An Excel workbook cannot be cut at a line end (it is a zip, its strings often stored after the sheets): the
 * dashboard sends the whole file for a preview, up to this size; the preview reads its first rows.
 */
export const PREVIEW_MAX_WORKBOOK_BYTES = 16 * 1024 * 1024;

/** Timestamp forms the reader accepts (libs/ingest/README.md), as a preview names them. */
export const TIMESTAMP_FORMS = ['year', 'quarter', 'year-month', 'date', 'date-time', 'date-time-zone'] as const;

/**
 * What the reader makes of the first part of a file, before it is uploaded: the columns detected (or mapped), the
 * timestamp form and frequency, the first rows as parsed, and the problems an upload of that part would report.
 */
export const csvPreviewSchema = z.object({
  /** ',' ';' or tab. */
  delimiter: z.string(),
  header: z.array(z.string()),
  /** The columns the reader would use; null when it cannot tell (then `problems` say why). */
  columns: z
    .object({
      layout: z.enum(['long', 'wide']),
      timestamp: z.string(),
      seriesId: z.string().nullable(),
      values: z.array(z.string()),
    })
    .nullable(),
  /** The most common form among the timestamps of the first rows, with one of them as it is written. */
  timestampFormat: z.object({ form: z.enum(TIMESTAMP_FORMS), example: z.string() }).nullable(),
  /**
   * Dates written day-month (01/02/2016): the order used (`declared` in the mapping, or `detected` from a row whose day
   * is above 12, named in `evidence`), or none when nothing decides (`ambiguous`: the upload asks for `dateOrder`).
   * `readings` gives one such timestamp read each way (ISO, UTC; null where it is not a date). Null for other forms.
   */
  dateOrder: z
    .object({
      order: dateOrderSchema.nullable(),
      source: z.enum(['declared', 'detected', 'ambiguous']),
      evidence: z.object({ row: z.number().int(), value: z.string() }).nullable(),
      example: z.string(),
      readings: z.object({ dmy: z.string().nullable(), mdy: z.string().nullable() }),
    })
    .nullable(),
  frequency: frequencySchema.nullable(),
  /** Series in the part read (null when it could not be read whole). */
  seriesCount: z.number().int().nullable(),
  /** Data rows in the part read. */
  rowCount: z.number().int(),
  /** The first rows: cells as written, and timestamp (ISO, UTC), series id and values as the reader parsed them. */
  rows: z.array(
    z.object({
      line: z.number().int(),
      cells: z.array(z.string()),
      timestamp: z.string().nullable(),
      seriesId: z.string().nullable(),
      /** One per value column (`columns.values`); null where missing or not a number. */
      values: z.array(z.number().nullable()),
    }),
  ),
  /**
   * With a duplicates policy or resampling in the mapping (else null): the rows it folded into other points, and the
   * first points as they will be stored, in time order (wide files: one value per series column).
   */
  aggregation: z
    .object({
      merged: z.number().int(),
      rows: z.array(z.object({ timestamp: z.string(), seriesId: z.string().nullable(), values: z.array(z.number().nullable()) })),
    })
    .nullable(),
  /** An Excel workbook's sheets, in order (the one read is `mapping.sheet`, or the first); null for text files. */
  sheets: z.array(z.string()).nullable(),
  problems: z.array(csvProblemSchema),
  /** What does not stop an upload (missing values, unused columns…). */
  warnings: z.array(csvProblemSchema),
});
export type CsvPreview = z.infer<typeof csvPreviewSchema>;
