import { DateTime } from 'luxon';
import type { ColumnMapping, CsvPreview, DateOrder } from '@foretell/contracts';
import { MAPPING_ADVICE } from './advice';
import { fieldText } from './csv-scanner';
import { quote } from './problems';
import { formatHasTime, formatHasZone } from './timestamp-options';
import { isDayMonthDate, parseDayMonthBytes, parseTimestampBytes, timestampState } from './timestamp-parser';

/*
 * How one upload reads its timestamp column: year-first forms only (the fast path), day-month dates in a declared or
 * detected order, or a declared Luxon pattern. Day-month dates with no declared order are read both ways until a
 * row decides: a first field above 12 is a day (day first), a second field above 12 is a day (month first).
 */

/** A cell as written, and its row. */
export interface Sighting {
  line: number;
  text: string;
}

export type DateOrderDecision =
  | { order: DateOrder | null; source: 'declared' | 'detected' | 'ambiguous'; evidence: Sighting | null }
  | { conflict: [Sighting, Sighting] };

export type ReaderMode = 'year-first' | 'day-month' | 'format';

/** Mode for a column: a declared pattern, a declared order, or day-month dates among its sampled values. */
export function readerMode(mapping: ColumnMapping | undefined, sampleTexts: string[]): ReaderMode {
  if (mapping?.timestampFormat) return 'format';
  if (mapping?.dateOrder || sampleTexts.some(isDayMonthDate)) return 'day-month';
  return 'year-first';
}

const encoder = new TextEncoder();

export class TimestampReader {
  /** Day-month dates: the order, declared or (once reading ends) decided; null while undecided. */
  readonly declaredOrder: DateOrder | null;
  /** Undecided day-month dates: the month-first reading of the last cell (the value read is day first). */
  monthFirstReading = NaN;
  readonly undecided: boolean;
  /** The first day-month date, and the first rows that only read day first / month first. */
  example: Sighting | null = null;
  dayFirstOnly: Sighting | null = null;
  monthFirstOnly: Sighting | null = null;
  private readonly format: string | null;
  private readonly formatZoned: boolean;
  private readonly formatTimed: boolean;

  constructor(
    readonly mode: ReaderMode,
    mapping: ColumnMapping | undefined,
  ) {
    this.declaredOrder = mapping?.dateOrder ?? null;
    this.undecided = mode === 'day-month' && this.declaredOrder === null;
    this.format = mode === 'format' ? (mapping?.timestampFormat ?? null) : null;
    this.formatZoned = this.format !== null && formatHasZone(this.format);
    this.formatTimed = this.format !== null && formatHasTime(this.format);
  }

  /**
   * Milliseconds (a wall-clock time as if UTC, or an instant when `timestampState.zoned`), NaN when unreadable. While
   * the order is undecided the value is the day-first reading and `monthFirstReading` the other.
   */
  read(b: Uint8Array, start: number, end: number, escaped: number, line: number): number {
    if (this.mode === 'format') return this.readFormat(fieldText(b, start, end, escaped).trim());
    if (this.mode === 'year-first') return parseTimestampBytes(b, start, end);
    if (!this.undecided) {
      const t = parseDayMonthBytes(b, start, end, this.declaredOrder === 'dmy');
      if (t !== t) return parseTimestampBytes(b, start, end);
      this.example ??= { line, text: fieldText(b, start, end, escaped).trim() };
      return t;
    }
    // Both readings share the time after the date, so timestampState holds for whichever is kept.
    const dayFirst = parseDayMonthBytes(b, start, end, true);
    const monthFirst = parseDayMonthBytes(b, start, end, false);
    if (dayFirst !== dayFirst && monthFirst !== monthFirst) {
      const t = parseTimestampBytes(b, start, end);
      this.monthFirstReading = t;
      return t;
    }
    this.monthFirstReading = monthFirst;
    this.example ??= { line, text: fieldText(b, start, end, escaped).trim() };
    if (monthFirst !== monthFirst) this.dayFirstOnly ??= { line, text: fieldText(b, start, end, escaped).trim() };
    if (dayFirst !== dayFirst) this.monthFirstOnly ??= { line, text: fieldText(b, start, end, escaped).trim() };
    return dayFirst;
  }

  readText(text: string, line: number): number {
    const bytes = encoder.encode(text);
    return this.read(bytes, 0, bytes.length, 0, line);
  }

  /** True when a cell reads in this reader's mode (for finding the timestamp column). */
  looksLike(text: string): boolean {
    if (this.mode === 'format') return !Number.isNaN(this.readFormat(text.trim()));
    const bytes = encoder.encode(text);
    const iso = parseTimestampBytes(bytes, 0, bytes.length);
    return iso === iso || isDayMonthDate(text);
  }

  /** The order to use, once every row has been read (or the sample, for a preview). */
  decide(): DateOrderDecision {
    if (this.declaredOrder) return { order: this.declaredOrder, source: 'declared', evidence: null };
    if (this.dayFirstOnly && this.monthFirstOnly) return { conflict: [this.dayFirstOnly, this.monthFirstOnly] };
    if (this.dayFirstOnly) return { order: 'dmy', source: 'detected', evidence: this.dayFirstOnly };
    if (this.monthFirstOnly) return { order: 'mdy', source: 'detected', evidence: this.monthFirstOnly };
    return { order: null, source: 'ambiguous', evidence: null };
  }

  /** The preview's account of the order; null when the column has no day-month dates. */
  describeOrder(): CsvPreview['dateOrder'] {
    const decision = this.decide();
    if (this.mode !== 'day-month' || 'conflict' in decision) return null;
    const example = this.example?.text ?? decision.evidence?.text;
    if (example === undefined) return null;
    const bytes = encoder.encode(example);
    const iso = (dayFirst: boolean) => {
      const t = parseDayMonthBytes(bytes, 0, bytes.length, dayFirst);
      return t === t ? new Date(t).toISOString() : null;
    };
    return {
      order: decision.order,
      source: decision.source,
      evidence: decision.evidence && { row: decision.evidence.line, value: decision.evidence.text },
      example,
      readings: { dmy: iso(true), mdy: iso(false) },
    };
  }

  private readFormat(text: string): number {
    const parsed = DateTime.fromFormat(text, this.format as string, { zone: 'utc' });
    timestampState.zoned = this.formatZoned;
    timestampState.hasTime = this.formatTimed;
    return parsed.isValid ? parsed.toMillis() : NaN;
  }
}

/** The messages for a column whose day-month dates mix orders, or that nothing decides. */
export function conflictMessage([dayFirst, monthFirst]: [Sighting, Sighting], advice = MAPPING_ADVICE): string {
  return (
    `the dates mix orders: row ${dayFirst.line} has ${quote(dayFirst.text)}, which reads only day first, and row ` +
    `${monthFirst.line} has ${quote(monthFirst.text)}, which reads only month first; correct those rows, or ${advice.conflict}`
  );
}

export function ambiguousMessage(example: Sighting, advice = MAPPING_ADVICE): string {
  return (
    `dates such as ${quote(example.text)} (row ${example.line}) read either day first or month first, and no row has ` +
    `a day above 12 to decide; ${advice.dateOrder}`
  );
}
