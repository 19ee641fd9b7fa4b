import { SERIES_KEY_MAX_LENGTH, type ColumnMapping, type CsvProblem } from '@foretell/contracts';
import { isMissingText, isNumberText, parseNumber } from './number-parser';
import { ProblemList, quote } from './problems';
import { isBareYear, parseTimestamp } from './timestamp-parser';
import { MAPPING_ADVICE, TIMESTAMP_HINT, type IngestAdvice } from './advice';

/** The columns to read, decided from the header and the first rows (or the request's mapping). */
export interface ColumnPlan {
  layout: 'long' | 'wide';
  header: string[];
  timestamp: number;
  /** Long files with several series; null for a single series (named after its value column) and wide files. */
  seriesId: number | null;
  /** Long: exactly one; wide: one per series. */
  values: number[];
}

export interface SampleRow {
  fields: string[];
  line: number;
}

interface ColumnStats {
  nonMissing: number;
  timestamps: number;
  /** Timestamps that are more than a bare year (a numeric column can look like years). */
  strongTimestamps: number;
  numbers: number;
  firstValue: SampleRow | null;
}

/** Names that mark a numeric column as a series id rather than a series. */
const ID_NAME = /(^|[_\s-])(id|key|sku)$|^(series|unique_?id|series_?id)$/i;
/** Names that mark the value column of a long file that has other numeric columns too. */
const VALUE_NAME = /^(y|value|values|target|sales|demand|volume|quantity|qty|count|amount)$/i;
/** Names that mark a column of bare years as the timestamp column. */
const TIME_NAME = /date|time|year|month|period|week|day|^ds$|^t$/i;

/** Cells that look like dates or times in some form (digits with separators, month names), readable or not. */
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?\b|\d{1,2}[:h]\d{2}|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

/** Tells whether a cell reads as a timestamp (in the forms the mapping allows). */
export type TimestampTest = (text: string) => boolean;

function columnStats(sample: SampleRow[], column: number, decimalComma: boolean, isTimestamp: TimestampTest): ColumnStats {
  const stats: ColumnStats = { nonMissing: 0, timestamps: 0, strongTimestamps: 0, numbers: 0, firstValue: null };
  for (const row of sample) {
    const text = row.fields[column];
    if (isMissingText(text)) continue;
    stats.nonMissing++;
    stats.firstValue ??= row;
    if (isTimestamp(text)) {
      stats.timestamps++;
      if (!isBareYear(text)) stats.strongTimestamps++;
    }
    if (isNumberText(text, decimalComma)) stats.numbers++;
  }
  return stats;
}

const isNumeric = (s: ColumnStats) => s.nonMissing === 0 || s.numbers * 2 >= s.nonMissing;
const list = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * Decides layout and column roles. Returns null after adding problems when the file cannot be read as a dataset.
 * Detection rules (a mapping overrides any of them):
 * - timestamp: the leftmost column whose values mostly parse as timestamps (a column of bare years only when no other
 *   column qualifies);
 * - long: one text column (series ids) and one numeric column; or one numeric column alone (a single series named
 *   after it); a numeric column named like an id (`id`, `unique_id`, `store_id`…) also counts as the series id;
 * - wide: no text column and several numeric columns, one series per column.
 */
export function planColumns(
  rawHeader: string[],
  sample: SampleRow[],
  mapping: ColumnMapping | undefined,
  decimalComma: boolean,
  problems: ProblemList,
  warnings: CsvProblem[],
  isTimestamp: TimestampTest = (text) => parseTimestamp(text) !== null,
  advice: IngestAdvice = MAPPING_ADVICE,
): ColumnPlan | null {
  const header = rawHeader.map((name, i) => name.trim() || `column ${i + 1}`);
  if (header.length < 2) {
    problems.add(
      1,
      null,
      `found a single column ${quote(rawHeader[0] ?? '')}; a file needs a timestamp column and at least one value ` +
        'column, separated by commas, semicolons or tabs',
    );
    return null;
  }
  // A column's name may become a series id (a wide file's columns, a single series' value column).
  const long = header.findIndex((name) => name.length > SERIES_KEY_MAX_LENGTH);
  if (long >= 0) {
    problems.add(1, null, `column ${long + 1} (${quote(header[long])}) has a name of ${header[long].length} characters; the most is ${SERIES_KEY_MAX_LENGTH}`);
    return null;
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const first = seen.get(header[i]);
    if (first !== undefined) {
      problems.add(1, header[i], `two columns have this name (columns ${first + 1} and ${i + 1}); rename one`);
      return null;
    }
    seen.set(header[i], i);
  }
  const headerLooksLikeData =
    rawHeader.some((h) => parseTimestamp(h) !== null && !isBareYear(h)) &&
    rawHeader.every((h) => isMissingText(h) || parseTimestamp(h) !== null || parseNumber(h, decimalComma) !== null);
  if (headerLooksLikeData) {
    problems.add(
      1,
      null,
      `the first line holds data (${list(rawHeader.slice(0, 3))}), not column names: add a header line such as ` +
        '"timestamp,value"',
    );
    return null;
  }

  const stats = header.map((_, i) => columnStats(sample, i, decimalComma, isTimestamp));
  // A column with no name and no values (a trailing delimiter on every line) is not data.
  const ignorable = header.map((_, i) => rawHeader[i].trim() === '' && stats[i].nonMissing === 0);

  const find = (name: string): number => {
    let i = header.indexOf(name.trim());
    if (i < 0) {
      const matches = header.flatMap((h, j) => (h.toLowerCase() === name.trim().toLowerCase() ? [j] : []));
      if (matches.length === 1) i = matches[0];
    }
    if (i < 0) {
      problems.add(1, name, advice.missingColumn(name, header));
    }
    return i;
  };
  const m = mapping ?? {};
  const mappedTimestamp = m.timestamp !== undefined ? find(m.timestamp) : null;
  const mappedId = typeof m.seriesId === 'string' ? find(m.seriesId) : null;
  // `seriesId: null` declares that no column holds series ids: the whole file is one series.
  const oneSeries = m.seriesId === null;
  const mappedValue = m.value !== undefined ? find(m.value) : null;
  const mappedColumns = m.columns?.map(find) ?? null;
  if (problems.items.length > 0) return null;

  const taken = new Set<number>([mappedId, mappedValue, ...(mappedColumns ?? [])].filter((i) => i !== null));
  let timestamp = mappedTimestamp ?? -1;
  if (timestamp < 0) {
    const candidates = header
      .map((_, i) => i)
      .filter((i) => !taken.has(i) && stats[i].timestamps > 0 && stats[i].timestamps * 2 >= stats[i].nonMissing);
    timestamp =
      candidates.find((i) => stats[i].strongTimestamps > 0) ??
      candidates.find((i) => TIME_NAME.test(header[i])) ??
      candidates[0] ??
      -1;
  }
  if (timestamp < 0) {
    problems.add(...unreadableTimestamps(header, sample, stats, taken));
    return null;
  }

  const rest = header.map((_, i) => i).filter((i) => i !== timestamp && !ignorable[i]);
  const numeric = rest.filter((i) => isNumeric(stats[i]));
  const text = rest.filter((i) => !isNumeric(stats[i]));
  const ignore = (columns: number[], why: string) => {
    for (const i of columns) warnings.push({ row: null, column: header[i], message: `Column "${header[i]}" ${why}` });
  };

  let layout: 'long' | 'wide';
  if (m.layout) layout = m.layout;
  else if (mappedColumns) layout = 'wide';
  else if (mappedId !== null || mappedValue !== null || oneSeries) layout = 'long';
  else {
    const numericIds = numeric.filter((i) => ID_NAME.test(header[i]));
    layout = text.length > 0 || numeric.length === 1 || (numeric.length === 2 && numericIds.length === 1) ? 'long' : 'wide';
  }

  if (layout === 'wide') {
    const values = mappedColumns ?? numeric;
    if (values.length === 0) {
      problems.add(1, null, `no numeric value columns besides the timestamp column "${header[timestamp]}"`);
      return null;
    }
    if (!mappedColumns) ignore(text, 'holds text, not numbers: it was left out');
    else ignore(rest.filter((i) => !values.includes(i)), 'is not in the mapping: it was left out');
    return { layout, header, timestamp, seriesId: null, values };
  }

  let seriesId = mappedId;
  if (seriesId === null && !oneSeries) {
    const numericIds = numeric.length > 1 ? numeric.filter((i) => ID_NAME.test(header[i]) && i !== mappedValue) : [];
    // The mapped value column is never the ids, even where its cells are text (numbers it cannot read).
    const textIds = text.filter((i) => i !== mappedValue);
    const ids = textIds.length > 0 ? textIds : numericIds;
    if (ids.length > 1) {
      problems.add(
        1,
        null,
        `cannot tell which column holds the series ids: ${list(ids.map((i) => header[i]))} all could; ` +
          'send a column mapping with seriesId',
      );
      return null;
    }
    seriesId = ids[0] ?? null;
  }
  let value = mappedValue;
  if (value === null) {
    const candidates = numeric.filter((i) => i !== seriesId);
    const named = candidates.filter((i) => VALUE_NAME.test(header[i]));
    if (candidates.length === 1) value = candidates[0];
    else if (named.length === 1) value = named[0];
    else if (candidates.length === 0) {
      problems.add(1, null, `no numeric value column besides the timestamp column "${header[timestamp]}"`);
      return null;
    } else {
      problems.add(
        1,
        null,
        `cannot tell which column holds the values: ${list(candidates.map((i) => header[i]))} are all numeric; ` +
          'send a column mapping with value (or layout "wide" for one series per column)',
      );
      return null;
    }
  }
  ignore(
    rest.filter((i) => i !== seriesId && i !== value),
    'is not used (a long file reads one series id, one timestamp and one value column)',
  );
  return { layout: 'long', header, timestamp, seriesId, values: [value] };
}

/**
 * The problem when no column reads as timestamps, about the column that most looks like it holds them (its name, then
 * how many of its cells look like dates), once, with a few of its cells.
 */
function unreadableTimestamps(
  header: string[],
  sample: SampleRow[],
  stats: ColumnStats[],
  taken: Set<number>,
): [number | null, string | null, string] {
  const score = (i: number) =>
    (TIME_NAME.test(header[i]) ? sample.length + 1 : 0) + sample.filter((r) => DATE_LIKE.test(r.fields[i] ?? '')).length;
  const candidates = header.map((_, i) => i).filter((i) => !taken.has(i) && !isNumeric(stats[i]));
  const column = candidates.reduce<number | null>((best, i) => (best === null || score(i) > score(best) ? i : best), null);
  if (column === null) return [null, null, `no column holds timestamps: every column holds numbers; ${TIMESTAMP_HINT}`];
  const examples = sample.filter((r) => !isMissingText(r.fields[column])).slice(0, 3);
  const quoted = examples.map((r) => `row ${r.line} ${quote(r.fields[column])}`).join(', ');
  return [
    examples[0]?.line ?? null,
    header[column],
    `no column holds timestamps the reader understands; this one looks most like it, but its values (${quoted}) are ` +
      `not in a known form; ${TIMESTAMP_HINT}`,
  ];
}
