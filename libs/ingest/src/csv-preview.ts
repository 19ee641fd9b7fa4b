import { stepTimestamp, type ColumnMapping, type CsvPreview, type CsvProblem } from '@foretell/contracts';
import { firstLineEnd, ingestCsvText, planWithTimestamps, sniffDelimiter } from './csv-ingest';
import { CsvScanner, fieldText, UNCLOSED_QUOTE } from './csv-scanner';
import { detectDatasetFrequency } from './frequency-grid';
import type { ColumnPlan, SampleRow } from './layout-detector';
import { resolveLocalTimes, ROW_DATE_ONLY, ROW_ZONED } from './local-time';
import { isMissingText, parseNumber } from './number-parser';
import { CsvIngestError, ProblemList } from './problems';
import type { ParsedDataset } from './series-builder';
import { formatHasTime, formatHasZone, timestampOptionProblems } from './timestamp-options';
import { isDayMonthDate, parseTimestamp, timestampState } from './timestamp-parser';
import type { TimestampReader } from './timestamp-reader';

export interface PreviewOptions {
  mapping?: ColumnMapping;
  /** Rows returned as parsed (default 20). */
  rows?: number;
  /** Problems listed at most (default 20, as an upload). */
  maxProblems?: number;
  /** Series the installation accepts (UPLOAD_MAX_SERIES), so the preview refuses what the upload would. */
  maxSeries?: number;
}

/** Rows the layout is detected from, as an upload does (csv-ingest.ts). */
const SAMPLE_ROWS = 200;

type TimestampForm = NonNullable<CsvPreview['timestampFormat']>['form'];

/** Which accepted form a timestamp is written in (see timestamp-parser.ts), or null when it is not one. */
export function timestampForm(text: string): TimestampForm | null {
  const t = text.trim();
  if (parseTimestamp(t) === null) return null;
  if (/^\d{4}$/.test(t)) return 'year';
  if (/q[1-4]$/i.test(t)) return 'quarter';
  if (/^\d{1,4}[-/]\d{1,2}$/.test(t)) return 'year-month';
  if (/^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/.test(t)) return 'date';
  if (/(z|utc|gmt|[+-]\d{2}(:?\d{2})?)$/i.test(t)) return 'date-time-zone';
  return 'date-time';
}

/** The form of a day-month date (parseDayMonthBytes), or null when it is not one. */
function dayMonthForm(text: string): TimestampForm | null {
  const t = text.trim();
  if (!isDayMonthDate(t)) return null;
  if (!/[T\s]/.test(t)) return 'date';
  return /(z|utc|gmt|[+-]\d{2}(:?\d{2})?)$/i.test(t) ? 'date-time-zone' : 'date-time';
}

/**
 * Header and rows with the file's delimiter, read the way an upload reads them: `sample` holds the first rows (the
 * layout is detected from them), `all` every row (the order of day-month dates may be decided further down).
 */
function sampleRows(text: string): {
  delimiter: number;
  header: string[] | null;
  sample: SampleRow[];
  all: SampleRow[];
  ragged: SampleRow[];
  unclosedQuoteLine: number | null;
} {
  const bytes = new TextEncoder().encode(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const end = firstLineEnd(bytes, 0);
  const delimiter = sniffDelimiter(bytes, 0, end < 0 ? bytes.length : end);
  let header: string[] | null = null;
  const all: SampleRow[] = [];
  const ragged: SampleRow[] = [];
  const scanner = new CsvScanner(delimiter, (b, starts, ends, escaped, count, line) => {
    const fields: string[] = [];
    for (let i = 0; i < count; i++) fields.push(fieldText(b, starts[i], ends[i], escaped[i]).trim());
    if (header === null) header = fields;
    else if (fields.some((f) => f !== '')) (fields.length === header.length ? all : ragged).push({ fields, line });
    return true;
  });
  scanner.push(bytes);
  if (!scanner.stopped) scanner.end();
  return { delimiter, header, sample: all.slice(0, SAMPLE_ROWS), all, ragged, unclosedQuoteLine: scanner.unclosedQuoteLine };
}

/**
 * What an upload would make of `text` (the first part of a file, cut at a line end): the columns detected or mapped,
 * the timestamp form, the frequency, the first rows as parsed and the problems. The columns come from the same
 * detection as an upload's, and the problems from reading `text` as an upload would, so the preview never promises
 * what the upload then refuses (for the part it saw).
 */
export async function previewCsv(text: string, options: PreviewOptions = {}): Promise<CsvPreview> {
  const maxProblems = options.maxProblems ?? 20;
  const { delimiter, header: rawHeader, sample, all, ragged, unclosedQuoteLine } = sampleRows(text);
  const header = (rawHeader ?? []).map((name, i) => name || `column ${i + 1}`);
  const decimalComma = delimiter !== 44;
  const problems = new ProblemList(maxProblems);
  const warnings: CsvProblem[] = [];
  const mapping = options.mapping;
  for (const p of timestampOptionProblems(mapping)) problems.add(null, null, `The column mapping is invalid: ${p.field}: ${p.message}`);
  const { plan, reader } =
    rawHeader && sample.length && !problems.items.length
      ? planWithTimestamps(rawHeader, sample, mapping, decimalComma, problems, warnings)
      : { plan: null, reader: null };
  const stamps = plan ? readTimestamps(plan, reader, all, sample.length, mapping?.timezone) : [];

  const parsedSample: CsvPreview['rows'] = sample.map(({ fields, line }, i) => {
    const stamp = stamps[i] ?? NaN;
    return {
      line,
      cells: fields,
      timestamp: Number.isNaN(stamp) ? null : new Date(stamp).toISOString(),
      seriesId: plan?.seriesId != null ? fields[plan.seriesId] : plan?.layout === 'long' ? header[plan.values[0]] : null,
      values: plan ? plan.values.map((i) => (isMissingText(fields[i]) ? null : parseNumber(fields[i], decimalComma))) : [],
    };
  });

  const rows = parsedSample.slice(0, options.rows ?? 20);

  let timestampFormat: CsvPreview['timestampFormat'] = null;
  const firstRead = sample.findIndex((_, i) => !Number.isNaN(stamps[i] ?? NaN));
  const example = plan && firstRead >= 0 ? sample[firstRead].fields[plan.timestamp] : undefined;
  if (plan && reader?.mode === 'format' && mapping?.timestampFormat && example) {
    const f = mapping.timestampFormat;
    timestampFormat = { form: formatHasTime(f) ? (formatHasZone(f) ? 'date-time-zone' : 'date-time') : 'date', example };
  } else if (plan) {
    const counts = new Map<TimestampForm, { n: number; example: string }>();
    for (const { fields } of sample) {
      const form = timestampForm(fields[plan.timestamp]) ?? (reader?.mode === 'day-month' ? dayMonthForm(fields[plan.timestamp]) : null);
      if (!form) continue;
      const entry = counts.get(form) ?? { n: 0, example: fields[plan.timestamp] };
      entry.n++;
      counts.set(form, entry);
    }
    const best = [...counts].sort((a, b) => b[1].n - a[1].n)[0];
    if (best) timestampFormat = { form: best[0], example: best[1].example };
  }

  let result: Pick<CsvPreview, 'frequency' | 'seriesCount' | 'problems' | 'aggregation'> = {
    frequency: null,
    seriesCount: null,
    problems: problems.items,
    aggregation: null,
  };
  const aggregates = !!options.mapping?.resample || (options.mapping?.duplicates ?? 'refuse') !== 'refuse';
  let rowCount = sample.length + ragged.length;
  if (plan) {
    try {
      const parsed = await ingestCsvText(text, { mapping, maxProblems, maxSeries: options.maxSeries });
      warnings.splice(0, warnings.length, ...parsed.warnings);
      rowCount = parsed.profile.rows;
      result = {
        frequency: parsed.frequency,
        seriesCount: parsed.profile.seriesCount,
        problems: [],
        aggregation: aggregates ? { merged: parsed.profile.merged ?? 0, rows: firstPoints(parsed, plan.layout, options.rows ?? 20) } : null,
      };
    } catch (error) {
      if (!(error instanceof CsvIngestError)) throw error;
      result = { frequency: sampleFrequency(parsedSample), seriesCount: null, problems: error.problems, aggregation: null };
    }
  } else if (unclosedQuoteLine !== null && !sample.length) {
    // It swallowed the header or every row: the one thing to fix, as an upload says.
    problems.add(unclosedQuoteLine, null, UNCLOSED_QUOTE);
  } else if (!rawHeader) {
    result.problems = [{ row: null, column: null, message: 'The file is empty' }];
  } else if (!sample.length && !problems.items.length) {
    result.problems = [{ row: null, column: null, message: 'The file has a header line but no data rows' }];
  }

  return {
    delimiter: String.fromCharCode(delimiter),
    header,
    columns: plan && {
      layout: plan.layout,
      timestamp: plan.header[plan.timestamp],
      seriesId: plan.seriesId === null ? null : plan.header[plan.seriesId],
      values: plan.values.map((i) => plan.header[i]),
    },
    timestampFormat,
    dateOrder: reader?.describeOrder() ?? null,
    rowCount,
    rows,
    warnings,
    sheets: null,
    ...result,
  };
}

/** Series whose points the preview looks at: the first points in time order come from the first series. */
const SERIES_SHOWN = 50;

/**
 * The first `count` points of the parsed series in time order (then series order), as they will be stored: a long
 * file's one value per point, a wide file's one per series column at each timestamp.
 */
export function firstPoints(parsed: ParsedDataset, layout: 'long' | 'wide', count: number): NonNullable<CsvPreview['aggregation']>['rows'] {
  const value = (v: number | undefined) => (v === undefined || v !== v ? null : v);
  if (layout === 'wide') {
    const first = parsed.series[0];
    const length = Math.min(count, first?.values.length ?? 0);
    return Array.from({ length }, (_, i) => ({
      timestamp: stepTimestamp(first.start, parsed.frequency, i).toISOString(),
      seriesId: null,
      values: parsed.series.map((s) => value(s.values[i])),
    }));
  }
  const points = parsed.series.slice(0, SERIES_SHOWN).flatMap((s, order) =>
    Array.from({ length: Math.min(count, s.values.length) }, (_, i) => ({
      order,
      time: stepTimestamp(s.start, parsed.frequency, i).getTime(),
      seriesId: s.key,
      values: [value(s.values[i])],
    })),
  );
  points.sort((a, b) => a.time - b.time || a.order - b.order);
  return points.slice(0, count).map((p) => ({ timestamp: new Date(p.time).toISOString(), seriesId: p.seriesId, values: p.values }));
}

/**
 * The first `count` rows' timestamps (ms, UTC; NaN where unreadable) as an upload reads them: every row goes through
 * the reader first, since a day-month order may be decided further down, and local times are converted as a whole.
 */
function readTimestamps(plan: ColumnPlan, reader: TimestampReader | null, rows: SampleRow[], count: number, timezone: string | undefined): number[] {
  const stamps = new Float64Array(rows.length);
  const monthFirst = new Float64Array(rows.length);
  const flags = new Uint8Array(rows.length);
  rows.forEach(({ fields, line }, i) => {
    const text = fields[plan.timestamp];
    stamps[i] = reader ? reader.readText(text, line) : (parseTimestamp(text) ?? NaN);
    monthFirst[i] = reader?.monthFirstReading ?? NaN;
    flags[i] = (timestampState.zoned ? ROW_ZONED : 0) | (timestampState.hasTime ? 0 : ROW_DATE_ONLY);
  });
  const decision = reader?.undecided ? reader.decide() : null;
  let timestamps = stamps;
  if (decision && ('conflict' in decision || decision.order === null)) return [];
  if (decision?.order === 'mdy') timestamps = monthFirst;
  if (timezone) {
    const lines = Int32Array.from(rows, (r) => r.line);
    const keys = new Map<string, number>();
    const seriesIndex = plan.seriesId === null ? null : Int32Array.from(rows, (r) => keys.get(r.fields[plan.seriesId as number]) ?? keys.set(r.fields[plan.seriesId as number], keys.size).size - 1);
    resolveLocalTimes(timezone, { timestamps, flags, lines, seriesIndex, seriesCount: Math.max(1, keys.size) }, plan.header[plan.timestamp], new ProblemList(1), []);
  }
  return Array.from(timestamps.subarray(0, count));
}

/** When the file has problems further down, the frequency of the sampled rows still helps: per series, sorted. */
function sampleFrequency(rows: CsvPreview['rows']) {
  const bySeries = new Map<string, number[]>();
  for (const row of rows) {
    if (row.timestamp === null) continue;
    const key = row.seriesId ?? '';
    const list = bySeries.get(key) ?? [];
    list.push(Date.parse(row.timestamp));
    bySeries.set(key, list);
  }
  return detectDatasetFrequency([...bySeries.values()].map((ts) => ts.sort((a, b) => a - b)));
}
