import type { ColumnMapping } from '@foretell/contracts';
import { quote } from './problems';

/*
 * What messages ask the user to do, where it depends on what they can change: an upload declares its reading in the
 * column mapping (the upload preview's controls in the dashboard, options on the command line); appended rows are
 * read as their dataset was, and can only be written that way.
 */

export const TIMESTAMP_HINT =
  'use a year-first date or time such as 2016-07-01 or 2016-07-01 13:00, or declare the form in the column mapping: ' +
  'timestampFormat (a Luxon pattern such as "dd/MM/yyyy HH:mm") or dateOrder ("dmy" or "mdy")';

export const DATE_ORDER_HINT =
  'declare dateOrder "dmy" (day first) or "mdy" (month first) in the column mapping (the date order in the upload ' +
  'preview; --date-order on the command line)';

export const DUPLICATES_HINT =
  'to merge such rows, choose how under "Rows at the same timestamp" in the upload preview (duplicates "sum", "mean", ' +
  '"first" or "last" in the column mapping; --duplicates on the command line)';

/** Column names as messages list them (whole: a name is what the user must match). */
const names = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

/** What messages about timestamps, repeated timestamps and missing columns ask the user to do. */
export interface IngestAdvice {
  /** Timestamps in no form the reader knows. */
  form: string;
  /** Day-month dates that no row decides. */
  dateOrder: string;
  /** Day-month dates that read both ways. */
  conflict: string;
  /** Two rows of a series at one timestamp, refused. */
  duplicates: string;
  /** The message for a column the reading names that the file (whose columns are `header`) lacks. */
  missingColumn: (column: string, header: readonly string[]) => string;
}

/** An upload's advice: declare the reading in its column mapping. */
export const MAPPING_ADVICE: IngestAdvice = {
  form: TIMESTAMP_HINT,
  dateOrder: DATE_ORDER_HINT,
  conflict: 'declare timestampFormat in the column mapping',
  duplicates: DUPLICATES_HINT,
  missingColumn: (_column, header) => `the column mapping names this column, but the file has no column by that name (its columns are ${names(header)})`,
};

/** Appended rows are read with the dataset's columns, date form and duplicates policy (an append has no mapping): the advice names them. */
export function appendAdvice(mapping: ColumnMapping): IngestAdvice {
  const form = mapping.timestampFormat
    ? `the pattern "${mapping.timestampFormat}"`
    : mapping.dateOrder === 'dmy'
      ? 'day first, such as 31/01/2024'
      : mapping.dateOrder === 'mdy'
        ? 'month first, such as 01/31/2024'
        : 'year first, such as 2024-01-31 or 2024-01-31 13:00';
  const dates = `appended rows are read in the dataset's own date form (${form}) and cannot declare another: write the timestamps that way`;
  const columns = [mapping.timestamp, typeof mapping.seriesId === 'string' ? mapping.seriesId : undefined, mapping.value, ...(mapping.columns ?? [])];
  const datasetColumns = names(columns.filter((c): c is string => c !== undefined));
  return {
    form: dates,
    dateOrder: dates,
    conflict: dates,
    // A dataset whose upload chose a policy merges appended rows by it; only one that refused them gets here.
    duplicates: 'this dataset keeps one row per series and timestamp (its first upload refused more), and an append cannot merge them: keep one in the file',
    missingColumn: (column, header) =>
      `appended rows are read from the dataset's columns ${datasetColumns}, as its first file named them, and this file has no column ` +
      `${quote(column)} (its columns are ${names(header)}): name them as the dataset does`,
  };
}
