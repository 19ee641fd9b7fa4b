import { columnMappingIssues, columnMappingSchema, type ColumnMapping, type CsvProblem, type Frequency } from '@foretell/contracts';
import { CsvScanner, fieldText, MAX_RECORD_BYTES, UNCLOSED_QUOTE } from './csv-scanner';
import { planColumns, type ColumnPlan, type SampleRow } from './layout-detector';
import { CsvIngestError, ProblemList, seriesLimitHint } from './problems';
import { RowCollector } from './row-collector';
import { buildDataset, type ParsedDataset } from './series-builder';
import { fileKind, OLE2_MESSAGE, XlsxSheetReader } from './xlsx-reader';
import { timestampOptionProblems } from './timestamp-options';
import { MAPPING_ADVICE, type IngestAdvice } from './advice';
import { readerMode, TimestampReader } from './timestamp-reader';
import { NOT_UTF8_MESSAGE, Utf8Check } from './utf8-check';

export interface IngestOptions {
  /** Overrides column detection (see ColumnMapping). */
  mapping?: ColumnMapping;
  /** Stop reading after this many problems (default 20). */
  maxProblems?: number;
  /**
   * The grid rows must sit on (rows appended to a dataset): used instead of detecting one, so a single new row per
   * series is enough; a timestamp off it is a problem.
   */
  frequency?: Frequency;
  /** Data rows accepted (the installation's UPLOAD_MAX_ROWS); a longer file is refused at the first row past it. */
  maxRows?: number;
  /**
   * Series accepted (the installation's UPLOAD_MAX_SERIES): a wide file is refused from its header, a long one at the
   * first row of the series past the limit.
   */
  maxSeries?: number;
  /**
   * Points the regularised series may hold together (the installation's UPLOAD_MAX_POINTS): far-apart timestamps
   * are refused before their gaps are allocated.
   */
  maxPoints?: number;
  /** Bytes an .xlsx workbook's parts may inflate to (the installation's UPLOAD_MAX_WORKBOOK_BYTES). */
  maxWorkbookBytes?: number;
  /** What messages about timestamps, repeated timestamps and missing columns ask for (appended rows cannot declare a reading of their own). */
  advice?: IngestAdvice;
}


/** Rows looked at to detect the layout before the body is read. */
const SAMPLE_ROWS = 200;
/** A first line longer than this has no line end in sight: not a CSV header. */
const MAX_HEADER_BYTES = 1024 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const DELIMITERS = [44, 59, 9]; // ',' ';' tab, in order of preference on ties

/** End of the first line (outside quotes), or -1 when it has not arrived yet. */
export function firstLineEnd(buf: Uint8Array, from: number): number {
  let quoted = false;
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) return i;
  }
  return -1;
}

/** The delimiter that splits the header into the most fields. */
export function sniffDelimiter(buf: Uint8Array, start: number, end: number): number {
  const counts = DELIMITERS.map(() => 0);
  let quoted = false;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted) {
      const d = DELIMITERS.indexOf(c);
      if (d >= 0) counts[d]++;
    }
  }
  let best = 0;
  for (let d = 1; d < DELIMITERS.length; d++) if (counts[d] > counts[best]) best = d;
  return DELIMITERS[best];
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * One upload being read. Phase 1 keeps the first chunks while it finds the delimiter (from the header) and samples
 * the first rows to detect the columns; phase 2 replays those chunks and streams the rest into compact columns.
 */
class IngestSession {
  private readonly problems: ProblemList;
  private readonly warnings: CsvProblem[] = [];
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private delimiter = 0;
  private sampler: CsvScanner | null = null;
  private header: string[] | null = null;
  private readonly sample: SampleRow[] = [];
  private readonly ragged: SampleRow[] = [];
  private sampled = false;
  private plan: ColumnPlan | null = null;
  /** The mapping as validated (defaults applied). */
  private mapping: ColumnMapping = {};
  private collector: RowCollector | null = null;
  private scanner: CsvScanner | null = null;
  private stopped = false;
  private pendingSurrogate = '';
  private readonly encoder = new TextEncoder();
  private readonly utf8 = new Utf8Check();

  constructor(private readonly options: IngestOptions) {
    this.problems = new ProblemList(Math.max(1, options.maxProblems ?? 20));
  }

  /** False once reading can stop (too many problems, or the layout could not be read). */
  push(chunk: Uint8Array | string): boolean {
    if (this.stopped) return false;
    const bytes = typeof chunk === 'string' ? this.encode(chunk) : chunk;
    if (bytes.length === 0) return true;
    // Text never holds NUL bytes: it is binary (or UTF-16 without its mark), and no later check would say so plainly.
    if (bytes.indexOf(0) >= 0 && !this.isUtf16(bytes)) {
      this.fail(null, 'The file holds binary data (a NUL byte), not text: upload a CSV file saved as UTF-8');
      return false;
    }
    // Strings were encoded here, so only bytes can be invalid; a UTF-16 mark is left to its own clearer message.
    if (typeof chunk !== 'string' && !this.isUtf16(bytes)) {
      const badRow = this.utf8.push(bytes);
      if (badRow !== null) {
        this.fail(badRow, NOT_UTF8_MESSAGE);
        return false;
      }
    }
    if (this.scanner) {
      this.scanner.push(bytes);
      this.stopped = this.scanner.stopped;
      return !this.stopped;
    }
    this.head.push(bytes);
    this.headBytes += bytes.length;
    if (this.sampler) {
      this.sampler.push(bytes);
      // Nothing more can be read: keeping the rest in `head` would only hold the whole file in memory.
      if (this.sampler.overlong) this.stopped = true;
    } else this.startSampling(false);
    if (this.sampled) this.startBody();
    return !this.stopped;
  }

  finish(): ParsedDataset {
    if (this.pendingSurrogate) this.push(this.encoder.encode(this.pendingSurrogate));
    const cutRow = this.stopped ? null : this.utf8.end();
    if (cutRow !== null) this.fail(cutRow, NOT_UTF8_MESSAGE);
    if (!this.stopped && !this.scanner) {
      if (!this.sampler) this.startSampling(true);
      if (this.sampler && !this.stopped) {
        this.sampler.end();
        // A quote never closed swallowed the rest (the header or every row): reported alone below, not as "empty".
        if (this.sampler.unclosedQuoteLine === null) this.startBody();
      }
    }
    if (this.scanner && !this.scanner.stopped) this.scanner.end();
    const overlong = this.scanner?.overlong ?? this.sampler?.overlong ?? null;
    if (overlong) {
      const limit = `${MAX_RECORD_BYTES / (1024 * 1024)} MiB`;
      this.problems.add(
        overlong.line,
        null,
        overlong.quoted
          ? `a record longer than ${limit} starts here, the longest this reader accepts: a double quote that opens a field may never be closed, or a line end is missing`
          : `the line is longer than ${limit}, the longest this reader accepts (is a line end missing?)`,
      );
      throw new CsvIngestError(this.problems.items);
    }
    const quoteLine = this.scanner?.unclosedQuoteLine ?? this.sampler?.unclosedQuoteLine ?? null;
    if (quoteLine !== null) {
      // Everything after the quote was swallowed into one field: later checks would only add noise.
      this.problems.add(quoteLine, null, UNCLOSED_QUOTE);
      throw new CsvIngestError(this.problems.items);
    }
    if (!this.collector || !this.plan) {
      if (this.problems.items.length === 0) this.problems.add(null, null, 'The file is empty');
      throw new CsvIngestError(this.problems.items);
    }
    const rows = this.collector.result();
    if (rows.rows === 0 && this.problems.items.length === 0) {
      this.problems.add(null, null, 'The file has a header line but no data rows');
    }
    // Rows that did parse still go through the series checks, so one pass reports as much as it can.
    const dataset =
      !this.problems.full && !rows.timestampsUnusable && rows.count > 0
        ? buildDataset(rows, this.plan, this.problems, this.warnings, this.options.frequency, this.mapping, this.options.maxPoints, this.options.advice)
        : null;
    if (dataset && this.problems.items.length === 0) return dataset;
    throw new CsvIngestError(this.problems.items);
  }

  /** Strings are encoded as UTF-8; a chunk ending inside a surrogate pair keeps its half for the next one. */
  private encode(text: string): Uint8Array {
    let t = this.pendingSurrogate + text;
    this.pendingSurrogate = '';
    const last = t.charCodeAt(t.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingSurrogate = t.slice(-1);
      t = t.slice(0, -1);
    }
    return this.encoder.encode(t);
  }

  /** Once the header line is complete: strip a BOM, pick the delimiter and sample rows from what has arrived. */
  private startSampling(final: boolean): void {
    const buf = concat(this.head);
    this.head = [buf];
    if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
      this.fail(1, 'the file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)');
      return;
    }
    const isBomPrefix = buf.length <= 3 && [0xef, 0xbb, 0xbf].slice(0, buf.length).every((b, i) => buf[i] === b);
    if (isBomPrefix && !final) return;
    const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    let end = firstLineEnd(buf, bom);
    if (end < 0) {
      if (!final) {
        if (this.headBytes > MAX_HEADER_BYTES) this.fail(1, 'the first line is over 1 MiB long: this is not a CSV file with a header');
        return;
      }
      end = buf.length;
    }
    let allBlank = true;
    for (let i = bom; i < buf.length && allBlank; i++) allBlank = buf[i] === 32 || buf[i] === 9 || buf[i] === LF || buf[i] === CR;
    if (allBlank) {
      if (final) this.fail(null, 'The file is empty');
      return;
    }
    this.delimiter = sniffDelimiter(buf, bom, end);
    const body = buf.subarray(bom);
    this.head = [body];
    this.sampler = new CsvScanner(this.delimiter, (b, starts, ends, escaped, count, line) => {
      const fields: string[] = [];
      for (let i = 0; i < count; i++) fields.push(fieldText(b, starts[i], ends[i], escaped[i]).trim());
      if (this.header === null) {
        this.header = fields;
        // Checked before sampling: 200 rows of a 120,000-column file would be 24 million strings.
        const maxColumns = (this.options.maxSeries ?? Infinity) + 2;
        if (fields.length > maxColumns) {
          const why = `more than the ${maxColumns} a file can use (a timestamp, a series id and one column per series)`;
          this.fail(1, `the header has ${fields.length} columns, ${why}; ${seriesLimitHint(maxColumns - 2)}`);
          return false;
        }
        return true;
      }
      if (fields.every((f) => f === '')) return true;
      if (fields.length === this.header.length) this.sample.push({ fields, line });
      else this.ragged.push({ fields, line });
      this.sampled = this.sample.length >= SAMPLE_ROWS;
      return !this.sampled;
    });
    this.sampler.push(body);
  }

  /** Decides the columns from the sample, then replays the buffered head into the real collector. */
  private startBody(): void {
    this.sampled = true;
    const header = this.header;
    if (header === null) return this.fail(null, 'The file is empty');
    if (this.sample.length === 0 && this.ragged.length === 0) {
      return this.fail(null, 'The file has a header line but no data rows');
    }
    if (this.sample.length === 0 && this.ragged.length > 0) {
      for (const r of this.ragged) {
        this.problems.add(r.line, null, `has ${r.fields.length} fields but the header has ${header.length}`);
      }
      this.stopped = true;
      return;
    }
    let mapping = this.options.mapping;
    if (mapping !== undefined) {
      const parsed = columnMappingSchema.safeParse(mapping);
      if (!parsed.success) {
        return this.fail(null, `The column mapping is invalid: ${columnMappingIssues(parsed.error).map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      }
      mapping = parsed.data;
      this.mapping = parsed.data;
    }
    const optionProblems = timestampOptionProblems(mapping);
    if (optionProblems.length > 0) {
      return this.fail(null, `The column mapping is invalid: ${optionProblems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    }
    const decimalComma = this.delimiter !== 44;
    const { plan, reader } = planWithTimestamps(header, this.sample, mapping, decimalComma, this.problems, this.warnings, this.options.advice);
    this.plan = plan;
    if (!plan) {
      this.stopped = true;
      return;
    }
    const maxSeries = this.options.maxSeries ?? Infinity;
    if (plan.layout === 'wide' && plan.values.length > maxSeries) {
      return this.fail(1, `the file has ${plan.values.length} value columns, one series each; ${seriesLimitHint(maxSeries)}`);
    }
    this.collector = new RowCollector(plan, decimalComma, this.problems, this.warnings, this.options.maxRows, maxSeries, reader, mapping?.timezone ?? null, this.options.advice);
    this.scanner = new CsvScanner(this.delimiter, this.collector.onRecord);
    const head = this.head;
    this.head = [];
    for (const chunk of head) if (!this.scanner.push(chunk)) break;
    this.stopped = this.scanner.stopped;
  }

  /** A first chunk starting with a UTF-16 byte-order mark: left to the clearer UTF-16 message. */
  private isUtf16(bytes: Uint8Array): boolean {
    return this.headBytes === 0 && !this.scanner && bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  }

  private fail(row: number | null, message: string): void {
    this.problems.add(row, null, message);
    this.stopped = true;
  }
}

/**
 * The columns, and the reader of the timestamp column: null for year-first timestamps (the fast path), else one for
 * day-month dates or the mapping's pattern.
 */
export function planWithTimestamps(
  header: string[],
  sample: SampleRow[],
  mapping: ColumnMapping | undefined,
  decimalComma: boolean,
  problems: ProblemList,
  warnings: CsvProblem[],
  advice: IngestAdvice = MAPPING_ADVICE,
): { plan: ColumnPlan | null; reader: TimestampReader | null } {
  const probe = new TimestampReader(mapping?.timestampFormat ? 'format' : 'day-month', mapping);
  const plan = planColumns(header, sample, mapping, decimalComma, problems, warnings, (text) => probe.looksLike(text), advice);
  if (!plan) return { plan, reader: null };
  const mode = readerMode(mapping, sample.map((r) => r.fields[plan.timestamp]));
  return { plan, reader: mode === 'year-first' ? null : new TimestampReader(mode, mapping) };
}

/** The first bytes of a stream (at least `n` unless it is shorter), and the whole stream again. */
async function peek(chunks: AsyncIterable<Uint8Array | string>, n: number): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array | string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const taken: (Uint8Array | string)[] = [];
  let bytes = 0;
  while (bytes < n) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
    // Text handed over as strings is never a workbook.
    if (typeof next.value === 'string') return { head: new Uint8Array(0), all: replay(taken, iterator) };
    bytes += next.value.length;
  }
  return { head: concat(taken as Uint8Array[]).subarray(0, n), all: replay(taken, iterator) };
}

async function* replay<T>(taken: T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* taken;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function readText(chunks: AsyncIterable<Uint8Array | string>, options: IngestOptions): Promise<ParsedDataset> {
  const session = new IngestSession(options);
  for await (const chunk of chunks) {
    if (!session.push(chunk)) break;
  }
  return session.finish();
}

/**
 * Reads an upload chunk by chunk (chunks may split anywhere) into regular series: CSV text, or an Excel workbook
 * (told by its zip signature) whose sheet is read as the same rows. Throws CsvIngestError listing the problems a user
 * must fix.
 */
export async function ingestCsv(
  chunks: AsyncIterable<Uint8Array | string>,
  options: IngestOptions = {},
): Promise<ParsedDataset> {
  const { head, all } = await peek(chunks, 8);
  const kind = fileKind(head);
  if (kind === 'ole2') throw new CsvIngestError([{ row: null, column: null, message: OLE2_MESSAGE }]);
  if (kind === 'text') return readText(all, options);
  const sheet = new XlsxSheetReader(all, options.mapping?.sheet, options.maxWorkbookBytes);
  try {
    const parsed = await readText(sheet.csv(), options);
    if (sheet.problems.length > 0) throw new CsvIngestError([]);
    return { ...parsed, warnings: sheet.relabel(parsed.warnings) };
  } catch (error) {
    throw error instanceof CsvIngestError ? new CsvIngestError(sheet.merge(error.problems), 'workbook') : error;
  } finally {
    sheet.close();
  }
}

/** Slices of at most 1 MiB characters, so a large text is never encoded to bytes at once. */
async function* slices(text: string): AsyncGenerator<string> {
  const size = 1 << 20;
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

export function ingestCsvText(text: string, options: IngestOptions = {}): Promise<ParsedDataset> {
  return ingestCsv(slices(text), options);
}
