import { SERIES_KEY_MAX_LENGTH, type CsvProblem, type DateOrder } from '@foretell/contracts';
import { fieldText, type RecordHandler } from './csv-scanner';
import type { ColumnPlan } from './layout-detector';
import { resolveLocalTimes, ROW_DATE_ONLY, ROW_ZONED } from './local-time';
import { NUMBER_INVALID, NUMBER_MISSING, NUMBER_TOO_LARGE, numberState, parseNumberBytes } from './number-parser';
import { ProblemList, quote, seriesLimitHint, where } from './problems';
import { parseTimestampBytes, timestampState } from './timestamp-parser';
import { MAPPING_ADVICE, type IngestAdvice } from './advice';
import { ambiguousMessage, conflictMessage, TimestampReader, type Sighting } from './timestamp-reader';

/*
 * The hot path: one call per data row, writing parsed numbers into growable typed columns. Strings are made only for
 * a series id that differs from the previous row's and for messages.
 */

/** A growable typed column: doubles its array when a row does not fit. */
class Column<A extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>> {
  data: A;
  constructor(
    private readonly TypedArray: new (length: number) => A,
    capacity: number,
  ) {
    this.data = new TypedArray(capacity);
  }
  grow(size: number): void {
    const next = new this.TypedArray(Math.max(size, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

/** Rows as compact columns: `count` rows, each with a timestamp, its line and `width` values (row-major). */
export interface CollectedRows {
  /** Data rows read (blank lines not counted). */
  rows: number;
  count: number;
  width: number;
  timestamps: Float64Array;
  lines: Int32Array;
  values: Float64Array;
  /** Long files: each row's series, indexing `keys`. */
  seriesIndex: Int32Array | null;
  keys: string[];
  /** The timestamps could not be placed (their date order is unknown, or a local time does not exist): see problems. */
  timestampsUnusable: boolean;
  /** Day-month dates: the order they were read in. */
  dateOrder: DateOrder | null;
}

const MAX_WARNINGS = 50;
/** How a cell without a value is reported, and the line that counts those not listed (appends sum them up: append-merge). */
export const MISSING_CELL = 'kept as a missing value';
export const MORE_MISSING_CELLS = 'more missing values are not listed';
/** Unreadable timestamps quoted in the one problem that reports them. */
const UNREADABLE_EXAMPLES = 3;

/** seriesOf's answers for an id that cannot be a series. */
const EMPTY_KEY = -1;
const LONG_KEY = -2;

function isBlank(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}

export class RowCollector {
  rows = 0;
  private count = 0;
  private readonly width: number;
  private readonly timestamps = new Column(Float64Array, 1024);
  private readonly lines = new Column(Int32Array, 1024);
  private readonly values: Column<Float64Array<ArrayBuffer>>;
  private readonly series: Column<Int32Array<ArrayBuffer>> | null;
  private readonly keys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private lastKey = new Uint8Array(0);
  private lastSeries = -1;
  /** The length of the last series id refused as too long. */
  private longKey = 0;
  /** Rows whose series id had spaces or tabs around it (trimmed), and the first of them. */
  private trimmedKeys = 0;
  private firstTrimmedKey: { line: number; text: string; key: string } | null = null;
  private headerSeen = false;
  private readonly columns: number;
  private droppedWarnings = 0;
  /** Undecided day-month dates: each row's month-first reading (`timestamps` holds the day-first one). */
  private readonly monthFirst: Column<Float64Array<ArrayBuffer>> | null;
  /** A declared zone: ROW_* flags per row. */
  private readonly flags: Column<Uint8Array<ArrayBuffer>> | null;
  private readonly unreadable: Sighting[] = [];
  private unreadableCount = 0;
  /** The one problem for unreadable timestamps, added at the first (in row order) and completed in result(). */
  private unreadableProblem: CsvProblem | null = null;

  constructor(
    private readonly plan: ColumnPlan,
    private readonly decimalComma: boolean,
    private readonly problems: ProblemList,
    private readonly warnings: { row: number | null; column: string | null; message: string }[],
    /** Data rows allowed; reading stops with a problem past it. */
    private readonly maxRows = Number.POSITIVE_INFINITY,
    /** Series ids allowed in a long file; reading stops at the first row of the one past it. */
    private readonly maxSeries = Number.POSITIVE_INFINITY,
    /** Day-month dates or a declared pattern; null for the year-first fast path. */
    private readonly reader: TimestampReader | null = null,
    /** IANA zone of times written without an offset. */
    private readonly timezone: string | null = null,
    private readonly advice: IngestAdvice = MAPPING_ADVICE,
  ) {
    this.columns = plan.header.length;
    this.width = plan.values.length;
    this.values = new Column(Float64Array, 1024 * this.width);
    this.series = plan.seriesId === null ? null : new Column(Int32Array, 1024);
    this.monthFirst = reader?.undecided ? new Column(Float64Array, 1024) : null;
    this.flags = timezone ? new Column(Uint8Array, 1024) : null;
    if (plan.layout === 'long' && plan.seriesId === null) {
      // A single series, named after its value column.
      this.keys.push(plan.header[plan.values[0]]);
      this.lastSeries = 0;
    }
  }

  readonly onRecord: RecordHandler = (buf, starts, ends, escaped, fieldCount, line) => {
    if (!this.headerSeen) {
      this.headerSeen = true;
      return true;
    }
    const plan = this.plan;
    if (fieldCount !== this.columns) {
      for (let i = 0; i < fieldCount; i++) if (!isBlank(buf, starts[i], ends[i])) return this.ragged(fieldCount, line);
      return true; // a line of empty fields or spaces
    }
    const tc = plan.timestamp;
    const t = this.reader ? this.reader.read(buf, starts[tc], ends[tc], escaped[tc], line) : parseTimestampBytes(buf, starts[tc], ends[tc]);
    // Undecided day-month dates keep a row that reads only month first (t is its day-first reading, NaN).
    const readsMonthFirst = this.monthFirst !== null && !Number.isNaN((this.reader as TimestampReader).monthFirstReading);
    if (t !== t && !readsMonthFirst) {
      if (isBlank(buf, starts[tc], ends[tc])) {
        for (let i = 0; i < fieldCount; i++) if (!isBlank(buf, starts[i], ends[i])) return this.problem(line, tc, 'the timestamp is empty');
        return true;
      }
      this.rows++;
      // Reported once for the column, with a few examples: the same cause repeats on every row.
      if (this.unreadableCount++ < UNREADABLE_EXAMPLES) this.unreadable.push({ line, text: fieldText(buf, starts[tc], ends[tc], escaped[tc]).trim() });
      if (this.unreadableCount === 1) {
        const at = this.problems.items.length;
        this.problems.add(line, plan.header[tc], '');
        this.unreadableProblem = this.problems.items[at] ?? null;
      }
      // As many unreadable timestamps as the problems allowed stop the reading, as that many problems would.
      return !this.problems.full && this.unreadableCount < this.problems.max;
    }
    this.rows++;
    if (this.rows > this.maxRows) {
      this.problems.add(line, null, `the file has more than ${this.maxRows} data rows, this installation's limit: split it, or append the rest`);
      return false;
    }

    let series = this.lastSeries;
    if (this.series !== null) {
      series = this.seriesOf(buf, starts[plan.seriesId as number], ends[plan.seriesId as number], escaped[plan.seriesId as number], line);
      if (series === EMPTY_KEY) return this.problem(line, plan.seriesId as number, 'the series id is empty');
      if (series === LONG_KEY) return this.problem(line, plan.seriesId as number, `series id is ${this.longKey} characters; the most is ${SERIES_KEY_MAX_LENGTH}`);
      if (series >= this.maxSeries) {
        const key = this.keys[series] ?? '';
        this.problem(line, plan.seriesId as number, `series ${quote(key)} is number ${series + 1} in the file; ${seriesLimitHint(this.maxSeries)}`);
        // Forgotten, so the series checks that still run on the rows read do not report it as empty.
        this.keys.pop();
        this.keyIndex.delete(key);
        return false;
      }
    }

    const n = this.count;
    if (n === this.lines.data.length) {
      this.timestamps.grow(n + 1);
      this.lines.grow(n + 1);
      this.values.grow((n + 1) * this.width);
      this.series?.grow(n + 1);
      this.monthFirst?.grow(n + 1);
      this.flags?.grow(n + 1);
    }
    this.timestamps.data[n] = t;
    if (this.monthFirst !== null) this.monthFirst.data[n] = (this.reader as TimestampReader).monthFirstReading;
    if (this.flags !== null) this.flags.data[n] = (timestampState.zoned ? ROW_ZONED : 0) | (timestampState.hasTime ? 0 : ROW_DATE_ONLY);
    this.lines.data[n] = line;
    if (this.series !== null) this.series.data[n] = series;
    const values = this.values.data;
    const base = n * this.width;
    for (let j = 0; j < this.width; j++) {
      const c = plan.values[j];
      values[base + j] = parseNumberBytes(buf, starts[c], ends[c], this.decimalComma);
      const status = numberState.status;
      if (status === NUMBER_MISSING) this.missing(buf, starts[c], ends[c], escaped[c], line, c);
      else if (status === NUMBER_INVALID || status === NUMBER_TOO_LARGE) {
        const what = status === NUMBER_INVALID ? 'is not a number' : 'is too large a number to store (beyond ±1.8e308)';
        if (!this.problem(line, c, `${quote(fieldText(buf, starts[c], ends[c], escaped[c]).trim())} ${what}`)) return false;
      }
    }
    this.count = n + 1;
    return !this.problems.full;
  };

  /** Series number for the id in buf[start, end), or EMPTY_KEY / LONG_KEY (its length in `longKey`). */
  private seriesOf(buf: Uint8Array, start: number, end: number, escaped: number, line: number): number {
    const rawStart = start;
    const rawEnd = end;
    while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
    while (end > start && (buf[end - 1] === 32 || buf[end - 1] === 9)) end--;
    if ((start !== rawStart || end !== rawEnd) && start < end && this.trimmedKeys++ === 0) {
      this.firstTrimmedKey = { line, text: fieldText(buf, rawStart, rawEnd, escaped), key: fieldText(buf, start, end, escaped) };
    }
    const last = this.lastKey;
    if (end - start === last.length && this.lastSeries >= 0) {
      let same = true;
      for (let i = 0; i < last.length; i++) {
        if (buf[start + i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastSeries;
    }
    if (start === end) return EMPTY_KEY;
    const key = fieldText(buf, start, end, escaped);
    if (key.length > SERIES_KEY_MAX_LENGTH) {
      this.longKey = key.length;
      return LONG_KEY;
    }
    let index = this.keyIndex.get(key);
    if (index === undefined) {
      index = this.keys.length;
      this.keys.push(key);
      this.keyIndex.set(key, index);
    }
    this.lastKey = buf.slice(start, end);
    this.lastSeries = index;
    return index;
  }

  private missing(buf: Uint8Array, start: number, end: number, escaped: number, line: number, column: number): void {
    if (this.warnings.length >= MAX_WARNINGS) {
      this.droppedWarnings++;
      return;
    }
    const text = fieldText(buf, start, end, escaped).trim();
    const name = this.plan.header[column];
    const what = text === '' ? 'empty cell' : quote(text);
    this.warnings.push({ row: line, column: name, message: `Row ${line}, column "${name}": ${what} ${MISSING_CELL}` });
  }

  private ragged(fieldCount: number, line: number): boolean {
    this.rows++;
    const hint = fieldCount > this.columns ? ' (a value that contains the delimiter must be in double quotes)' : '';
    this.problems.add(line, null, `has ${fieldCount} fields but the header has ${this.columns}${hint}`);
    return !this.problems.full;
  }

  private problem(line: number, column: number, message: string): boolean {
    this.problems.add(line, this.plan.header[column], message);
    return !this.problems.full;
  }

  result(): CollectedRows {
    const trimmed = this.firstTrimmedKey;
    if (trimmed) {
      // Said, not silent: " W1" and "W1" are then one series, and the ids stored differ from the file's.
      const shown = quote(JSON.stringify(trimmed.text).slice(1, -1));
      const column = this.plan.header[this.plan.seriesId as number];
      this.warnings.push({
        row: trimmed.line,
        column,
        message: `${where(trimmed.line, column)}spaces or tabs around series ids are not part of them: ${shown} was read as ${quote(trimmed.key)} (${this.trimmedKeys} ${this.trimmedKeys === 1 ? 'row' : 'rows'} in all)`,
      });
    }
    if (this.droppedWarnings > 0) {
      this.warnings.push({
        row: null,
        column: null,
        message: `${this.droppedWarnings} ${MORE_MISSING_CELLS}`,
      });
    }
    const n = this.count;
    const column = this.plan.header[this.plan.timestamp];
    let timestamps = this.timestamps.data.subarray(0, n);
    if (this.unreadableProblem !== null) {
      const examples = this.unreadable.map((u) => `row ${u.line} ${quote(u.text)}`).join(', ');
      const stopped = this.unreadableCount >= this.problems.max;
      const others = this.unreadableCount - this.unreadable.length;
      const more = others > 0 ? ` and ${others} more${stopped ? ', where reading stopped' : ''}` : '';
      const count = this.unreadableCount === 1 ? 'one is' : `${stopped ? 'the first ' : ''}${this.unreadableCount} are`;
      this.unreadableProblem.message =
        where(this.unreadable[0].line, column) +
        `this column holds the timestamps, but ${count} not in a form the reader knows (${examples}${more}); ${this.advice.form}`;
    }
    let timestampsUnusable = false;
    const decision = this.reader?.undecided ? this.reader.decide() : null;
    if (decision && 'conflict' in decision) {
      this.problems.add(decision.conflict[1].line, column, conflictMessage(decision.conflict, this.advice));
      timestampsUnusable = true;
    } else if (decision && decision.order === null && this.reader?.example) {
      this.problems.add(this.reader.example.line, column, ambiguousMessage(this.reader.example, this.advice));
      timestampsUnusable = true;
    } else if (decision?.order === 'mdy') timestamps = (this.monthFirst as Column<Float64Array<ArrayBuffer>>).data.subarray(0, n);
    const seriesIndex = this.series ? this.series.data.subarray(0, n) : null;
    const lines = this.lines.data.subarray(0, n);
    if (this.timezone !== null && this.flags !== null && !timestampsUnusable) {
      const before = this.problems.items.length + this.problems.dropped;
      resolveLocalTimes(
        this.timezone,
        { timestamps, flags: this.flags.data, lines, seriesIndex, seriesCount: Math.max(1, this.keys.length) },
        column,
        this.problems,
        this.warnings,
      );
      timestampsUnusable = this.problems.items.length + this.problems.dropped > before;
    }
    return {
      rows: this.rows,
      count: n,
      width: this.width,
      timestamps,
      lines,
      values: this.values.data.subarray(0, n * this.width),
      seriesIndex,
      keys: this.keys,
      timestampsUnusable,
      dateOrder: this.reader?.mode === 'day-month' ? (this.reader.declaredOrder ?? (decision && 'order' in decision ? decision.order : null)) : null,
    };
  }
}
