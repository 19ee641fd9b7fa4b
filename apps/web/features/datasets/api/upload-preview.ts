import {
  PREVIEW_MAX_BYTES,
  PREVIEW_MAX_WORKBOOK_BYTES,
  type ColumnMapping,
  type CsvPreview,
  type CsvProblem,
  type DateOrder,
  type DuplicatePolicy,
  type ResampleAggregate,
} from '@foretell/contracts';

/**
 * The part of a file sent for a preview: at most PREVIEW_MAX_BYTES, cut back to the last line end when the file goes
 * on, since a line cut in half would read as a malformed row. `complete` says whether that is the whole file.
 */
export function previewPart(text: string, complete: boolean): string {
  if (complete) return text;
  const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return end < 0 ? '' : text.slice(0, end + 1);
}

export async function readPreviewPart(file: Blob): Promise<{ text: string; complete: boolean }> {
  const complete = file.size <= PREVIEW_MAX_BYTES;
  const text = await file.slice(0, PREVIEW_MAX_BYTES).text();
  return { text: previewPart(text, complete), complete };
}

/** What a preview sends: a CSV's first part (readPreviewPart), or a whole workbook up to its own limit. */
export async function readPreviewBody(file: File): Promise<{ body: string | Blob; complete: boolean }> {
  if (!isWorkbook(file)) {
    const { text, complete } = await readPreviewPart(file);
    return { body: text, complete };
  }
  if (file.size > PREVIEW_MAX_WORKBOOK_BYTES) {
    throw new Error(`Workbooks over ${PREVIEW_MAX_WORKBOOK_BYTES / 1024 / 1024} MB are not previewed: upload it directly, or save it as CSV.`);
  }
  return { body: file, complete: true };
}

const FORM_LABELS: Record<NonNullable<CsvPreview['timestampFormat']>['form'], string> = {
  year: 'Year',
  quarter: 'Quarter',
  'year-month': 'Year and month',
  date: 'Date',
  'date-time': 'Date and time (UTC)',
  'date-time-zone': 'Date and time with a zone',
};

export function timestampFormLabel(format: CsvPreview['timestampFormat']): string {
  return format ? `${FORM_LABELS[format.form]}, e.g. ${format.example}` : '—';
}

/** The user's corrections to what was detected; empty strings and null leave a field to detection. */
export interface MappingDraft {
  /** Excel workbooks: the sheet to read ('' or absent: the first). */
  sheet?: string;
  layout: '' | 'long' | 'wide';
  timestamp: string;
  seriesId: string;
  /** Long files: no column holds series ids, the file is one series (a transaction log). */
  oneSeries?: boolean;
  value: string;
  /** Wide files: the series columns to keep. */
  columns: string[] | null;
  /** Rows at the same timestamp: '' (or absent) refuses them, the default. */
  duplicates?: '' | Exclude<DuplicatePolicy, 'refuse'>;
  /** Resampling to a coarser frequency ('' or absent keeps the file's), with its aggregate (default sum). */
  resample?: '' | (typeof RESAMPLE_UNITS)[number];
  aggregate?: ResampleAggregate;
  /** Dates such as 01/02/2016: the order the user chose or confirmed ('' leaves it to detection). */
  dateOrder?: '' | DateOrder;
  /** A Luxon pattern for other forms, and the IANA zone of local times ('' for none / UTC). */
  timestampFormat?: string;
  timezone?: string;
}

/** Frequencies the upload form offers to resample to, one step each. */
export const RESAMPLE_UNITS = ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const;

export const EMPTY_DRAFT: MappingDraft = {
  layout: '',
  timestamp: '',
  seriesId: '',
  value: '',
  columns: null,
  dateOrder: '',
  timestampFormat: '',
  timezone: '',
  duplicates: '',
  resample: '',
  aggregate: 'sum',
};

export const DATE_ORDER_LABELS: Record<DateOrder, string> = { dmy: 'day first (21/01/2015)', mdy: 'month first (01/21/2015)' };

/** What the preview says about the order of day-month dates, for the detected list; null when there are none. */
export function dateOrderLabel(order: CsvPreview['dateOrder']): string | null {
  if (!order) return null;
  if (order.order === null) return `Not decided: ${order.example} could be either`;
  const label = DATE_ORDER_LABELS[order.order];
  if (order.source === 'declared') return `${label[0].toUpperCase()}${label.slice(1)}, as chosen`;
  const evidence = order.evidence ? ` (row ${order.evidence.row}: ${order.evidence.value})` : '';
  return `${label[0].toUpperCase()}${label.slice(1)}, detected${evidence}`;
}

/** Excel workbooks are previewed whole (a zip cannot be cut at a line end). */
export function isWorkbook(file: { name: string }): boolean {
  return /\.xlsx$/i.test(file.name);
}

/** The `mapping` an upload sends: only what the user set, and only what fits the layout. */
export function draftToMapping(draft: MappingDraft): ColumnMapping | undefined {
  const mapping: ColumnMapping = {};
  if (draft.sheet) mapping.sheet = draft.sheet;
  if (draft.layout) mapping.layout = draft.layout;
  if (draft.timestamp) mapping.timestamp = draft.timestamp;
  if (draft.layout !== 'wide') {
    if (draft.oneSeries) mapping.seriesId = null;
    else if (draft.seriesId) mapping.seriesId = draft.seriesId;
    if (draft.value) mapping.value = draft.value;
  }
  if (draft.layout !== 'long' && draft.columns?.length) mapping.columns = draft.columns;
  if (draft.duplicates) mapping.duplicates = draft.duplicates;
  if (draft.resample) mapping.resample = { frequency: { unit: draft.resample, step: 1 }, aggregate: draft.aggregate ?? 'sum' };
  if (draft.timestampFormat) mapping.timestampFormat = draft.timestampFormat;
  else if (draft.dateOrder) mapping.dateOrder = draft.dateOrder;
  if (draft.timezone) mapping.timezone = draft.timezone;
  return Object.keys(mapping).length ? mapping : undefined;
}

/**
 * Why the upload button waits, or null: a preview that lists problems (or cannot tell the columns) shows a file the
 * upload would refuse, since the upload checks every row the preview read and more.
 */
export function uploadBlocker(preview: Pick<CsvPreview, 'problems' | 'columns'> | undefined): string | null {
  if (!preview) return null;
  const count = preview.problems.length;
  if (count > 0) return `Fix the ${count === 1 ? 'problem' : `${count} problems`} the preview lists (or correct the columns) before uploading.`;
  if (!preview.columns) return 'Choose the columns in the preview before uploading.';
  return null;
}

/** Problems with one message, grouped: the rows it was found on, the message without its "Row 3, column x: " prefix. */
export interface ProblemGroup {
  rows: number[];
  column: string | null;
  message: string;
}

/**
 * Each problem once: the location prefix the reader writes (Row and Column are columns of the table) is taken off,
 * and the same message on many rows becomes one line naming the rows.
 */
export function groupProblems(problems: readonly CsvProblem[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const p of problems) {
    const message = stripLocation(p);
    const key = `${p.column ?? ''}\u0000${message}`;
    const group = groups.get(key) ?? { rows: [], column: p.column, message };
    if (p.row !== null && !group.rows.includes(p.row)) group.rows.push(p.row);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function stripLocation(p: CsvProblem): string {
  const prefixes = [
    p.row !== null && p.column !== null ? `Row ${p.row}, column "${p.column}": ` : null,
    p.row !== null ? `Row ${p.row}: ` : null,
    p.column !== null ? `Column "${p.column}": ` : null,
  ];
  const prefix = prefixes.find((x): x is string => x !== null && p.message.startsWith(x));
  const rest = prefix ? p.message.slice(prefix.length) : p.message;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
