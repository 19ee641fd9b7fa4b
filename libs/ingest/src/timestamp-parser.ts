import { daysFromCivil, daysInMonth, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './calendar';

/*
 * Timestamps are parsed straight from the file's bytes (no string per cell). Year first, always accepted:
 *   1949            a bare four-digit year
 *   1990Q1 1990-Q1 1990 Q1   a quarter (its first day)
 *   1949-01 1949/01 1-01 49-01   year-month; a 1-2 digit year follows POSIX %y: 0-68 → 2000-2068, 69-99 → 1969-1999
 *   1981-01-02 1981/01/02
 *   1981-01-02 13:45 · 2016-07-01 00:00:00 · 2016-07-01T00:00:00.250 · ...Z · ...+02:00 · ...+0200 · ...-05 · ... 8:00 PM
 * Day-first or month-first (parseDayMonthBytes, in an order the caller decided): 21/01/2015, 1.2.2016, 01-21-2015,
 * each with an optional time as above.
 * Times without a zone are wall-clock times, returned as if UTC; zoned times are converted to the UTC instant.
 */

/** What the last successful parse saw, for callers that convert local times (set without allocating). */
export const timestampState = {
  /** The text carried a zone or offset: the result is an instant, not a wall-clock time. */
  zoned: false,
  /** The text had a time of day (a bare date, month or year is a calendar label, never moved by a time zone). */
  hasTime: false,
  /** parseDayMonthBytes: the first two fields as written (set even when the date is invalid in the order asked). */
  first: 0,
  second: 0,
};

const encoder = new TextEncoder();

const SPACE = 32;
const TAB = 9;
const DASH = 45;
const SLASH = 47;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const PLUS = 43;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** POSIX strptime's %y window, so "1-01" (shampoo sales, year 1) reads as January 2001. */
export function expandShortYear(year: number): number {
  return year < 69 ? 2000 + year : 1900 + year;
}

/**
 * Milliseconds since the epoch (UTC) for the timestamp in `bytes[start, end)`, or NaN when it is not one.
 * Surrounding spaces are ignored.
 */
export function parseTimestampBytes(b: Uint8Array, start: number, end: number): number {
  while (start < end && isSpace(b[start])) start++;
  while (end > start && isSpace(b[end - 1])) end--;
  let p = start;

  let year = 0;
  const yearStart = p;
  while (p < end && isDigit(b[p])) year = year * 10 + (b[p++] - 48);
  const yearDigits = p - yearStart;
  if (yearDigits === 0 || yearDigits === 3 || yearDigits > 4) return NaN;
  timestampState.zoned = false;
  timestampState.hasTime = false;
  if (p === end) return yearDigits === 4 ? daysFromCivil(year, 1, 1) * MS_PER_DAY : NaN;

  // Quarters: 1990Q1, 1990-Q1, 1990 Q1.
  let q = p;
  if (b[q] === DASH || b[q] === SPACE) q++;
  if (yearDigits === 4 && q + 2 === end && (b[q] === 81 || b[q] === 113) && b[q + 1] >= 49 && b[q + 1] <= 52) {
    return daysFromCivil(year, (b[q + 1] - 49) * 3 + 1, 1) * MS_PER_DAY;
  }

  const sep = b[p];
  if (sep !== DASH && sep !== SLASH) return NaN;
  p++;
  let month = 0;
  const monthStart = p;
  while (p < end && isDigit(b[p])) month = month * 10 + (b[p++] - 48);
  if (p === monthStart || p - monthStart > 2 || month < 1 || month > 12) return NaN;
  if (p === end) {
    if (yearDigits <= 2) year = expandShortYear(year);
    return daysFromCivil(year, month, 1) * MS_PER_DAY;
  }
  if (yearDigits !== 4 || b[p] !== sep) return NaN;
  p++;
  let day = 0;
  const dayStart = p;
  while (p < end && isDigit(b[p])) day = day * 10 + (b[p++] - 48);
  if (p === dayStart || p - dayStart > 2 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return parseTimeTail(b, p, end, daysFromCivil(year, month, day) * MS_PER_DAY);
}

/**
 * A date written day first (`dayFirst`) or month first: d/m/yyyy, d.m.yyyy or d-m-yyyy (one or two digits each),
 * with an optional time as in the year-first forms. NaN when it is not one, or not a valid date in that order.
 */
export function parseDayMonthBytes(b: Uint8Array, start: number, end: number, dayFirst: boolean): number {
  while (start < end && isSpace(b[start])) start++;
  while (end > start && isSpace(b[end - 1])) end--;
  let p = start;
  let first = 0;
  while (p < end && isDigit(b[p])) first = first * 10 + (b[p++] - 48);
  if (p === start || p - start > 2 || p === end) return NaN;
  const sep = b[p];
  if (sep !== SLASH && sep !== DOT && sep !== DASH) return NaN;
  const secondStart = ++p;
  let second = 0;
  while (p < end && isDigit(b[p])) second = second * 10 + (b[p++] - 48);
  if (p === secondStart || p - secondStart > 2 || p === end || b[p] !== sep) return NaN;
  const yearStart = ++p;
  let year = 0;
  while (p < end && isDigit(b[p])) year = year * 10 + (b[p++] - 48);
  if (p - yearStart !== 4) return NaN;
  timestampState.first = first;
  timestampState.second = second;
  const day = dayFirst ? first : second;
  const month = dayFirst ? second : first;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return parseTimeTail(b, p, end, daysFromCivil(year, month, day) * MS_PER_DAY);
}

/** True when the text is a day-month date (see parseDayMonthBytes) in at least one of the two orders. */
export function isDayMonthDate(text: string): boolean {
  const bytes = encoder.encode(text);
  return !Number.isNaN(parseDayMonthBytes(bytes, 0, bytes.length, true)) || !Number.isNaN(parseDayMonthBytes(bytes, 0, bytes.length, false));
}

/**
 * What follows a date at p: nothing, or 'T'/spaces, h:mm[:ss[.fff]], an optional AM/PM and an optional zone
 * (Z, UTC, GMT, ±hh, ±hhmm, ±hh:mm).
 */
function parseTimeTail(b: Uint8Array, p: number, end: number, midnight: number): number {
  timestampState.zoned = false;
  timestampState.hasTime = p !== end;
  if (p === end) return midnight;
  if (b[p] === 84 || b[p] === 116) p++;
  else if (isSpace(b[p])) while (p < end && isSpace(b[p])) p++;
  else return NaN;
  let hour = 0;
  const hourStart = p;
  while (p < end && isDigit(b[p])) hour = hour * 10 + (b[p++] - 48);
  if (p === hourStart || p - hourStart > 2 || hour > 23) return NaN;
  if (p >= end || b[p] !== COLON) return NaN;
  const minute = twoDigits(b, p + 1, end);
  if (minute < 0 || minute > 59) return NaN;
  p += 3;
  let second = 0;
  let millis = 0;
  if (p < end && b[p] === COLON) {
    second = twoDigits(b, p + 1, end);
    if (second < 0 || second > 59) return NaN;
    p += 3;
    if (p < end && (b[p] === DOT || b[p] === COMMA)) {
      p++;
      const fracStart = p;
      let scale = 100;
      while (p < end && isDigit(b[p])) {
        millis += (b[p++] - 48) * scale; // digits past milliseconds are dropped: Date has ms resolution
        scale /= 10;
      }
      if (p === fracStart) return NaN;
      millis = Math.floor(millis);
    }
  }
  while (p < end && isSpace(b[p])) p++;
  // AM/PM (any case): a 12-hour clock, 1-12.
  if (p + 1 < end && (b[p + 1] === 77 || b[p + 1] === 109) && ((b[p] & 0xdf) === 65 || (b[p] & 0xdf) === 80)) {
    if (hour < 1 || hour > 12) return NaN;
    hour = (hour % 12) + ((b[p] & 0xdf) === 80 ? 12 : 0);
    p += 2;
    while (p < end && isSpace(b[p])) p++;
  }
  const local = midnight + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millis;
  if (p === end) return local;

  timestampState.zoned = true;
  const c = b[p];
  if ((c === 90 || c === 122) && p + 1 === end) return local;
  if (end - p === 3 && matchesUpper(b, p, 'UTC')) return local;
  if (end - p === 3 && matchesUpper(b, p, 'GMT')) return local;
  if (c !== PLUS && c !== DASH) return NaN;
  const sign = c === PLUS ? 1 : -1;
  p++;
  const zh = twoDigits(b, p, end);
  if (zh < 0 || zh > 23) return NaN;
  p += 2;
  let zm = 0;
  if (p < end) {
    if (b[p] === COLON) p++;
    zm = twoDigits(b, p, end);
    if (zm < 0 || zm > 59) return NaN;
    p += 2;
  }
  if (p !== end) return NaN;
  return local - sign * (zh * MS_PER_HOUR + zm * MS_PER_MINUTE);
}

/** Exactly two digits at p, or -1. */
function twoDigits(b: Uint8Array, p: number, end: number): number {
  if (p + 1 >= end || !isDigit(b[p]) || !isDigit(b[p + 1])) return -1;
  return (b[p] - 48) * 10 + (b[p + 1] - 48);
}

function matchesUpper(b: Uint8Array, p: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if ((b[p + i] & 0xdf) !== word.charCodeAt(i)) return false;
  return true;
}

/** Milliseconds since the epoch (UTC) for a timestamp in one of the accepted formats, or null. */
export function parseTimestamp(text: string): number | null {
  const bytes = encoder.encode(text);
  const ms = parseTimestampBytes(bytes, 0, bytes.length);
  return Number.isNaN(ms) ? null : ms;
}

/** True when the timestamp text is only digits (a bare year), which a numeric column could also produce. */
export function isBareYear(text: string): boolean {
  return /^\s*\d{4}\s*$/.test(text);
}
