import { DateTime, IANAZone } from 'luxon';
import type { ColumnMapping } from '@foretell/contracts';

/*
 * The mapping's timestamp fields, checked before any row is read: `timestampFormat` (a Luxon pattern), `dateOrder`
 * and `timezone` (an IANA name). The API answers a 400 with these messages; the reader reports them as problems.
 */

/** A wall-clock time every field of which a usable pattern must keep: 16:05 tells a 12-hour clock without AM/PM. */
const PROBE = DateTime.fromObject({ year: 2001, month: 2, day: 3, hour: 16, minute: 5, second: 6 }, { zone: 'utc' });

export interface MappingFieldProblem {
  field: 'timestampFormat' | 'dateOrder' | 'timezone';
  message: string;
}

/** Why a Luxon pattern cannot read timestamps back, or null when it can. */
export function timestampFormatProblem(format: string): string | null {
  const written = PROBE.toFormat(format);
  const read = DateTime.fromFormat(written, format, { zone: 'utc' });
  if (!read.isValid) return `"${format}" is not a Luxon pattern that reads dates back (such as "dd/MM/yyyy HH:mm")`;
  if (read.year !== PROBE.year) return `"${format}" has no year (yyyy)`;
  // A field the pattern leaves out reads as its default (month 1, day 1, 00:00:00); any other value lost information.
  const kept = (unit: 'month' | 'day' | 'hour' | 'minute' | 'second', fallback: number) => read[unit] === PROBE[unit] || read[unit] === fallback;
  if (!kept('month', 1) || !kept('day', 1)) return `"${format}" does not read the month and day back (MM, dd)`;
  if (!kept('hour', 0)) return `"${format}" uses a 12-hour clock (h) without AM/PM (a); use HH for a 24-hour clock`;
  if (!kept('minute', 0) || !kept('second', 0)) return `"${format}" does not read the minutes and seconds back (mm, ss)`;
  return null;
}

/** Pattern letters outside quoted literals ('…'). */
function patternLetters(format: string): string {
  return format.replace(/'[^']*'/g, '');
}

/** The pattern reads a zone or offset (Z, ZZ, ZZZ, z): its times are instants, not wall-clock times. */
export function formatHasZone(format: string): boolean {
  return /[Zz]/.test(patternLetters(format));
}

/** The pattern reads a time of day (H, h, k, K): without one, its timestamps are calendar dates. */
export function formatHasTime(format: string): boolean {
  return /[HhkK]/.test(patternLetters(format));
}

/** Problems with the mapping's timestamp fields, each naming its field; empty when they can be used. */
export function timestampOptionProblems(mapping: ColumnMapping | undefined): MappingFieldProblem[] {
  const problems: MappingFieldProblem[] = [];
  if (!mapping) return problems;
  if (mapping.timestampFormat !== undefined) {
    const problem = timestampFormatProblem(mapping.timestampFormat);
    if (problem) problems.push({ field: 'timestampFormat', message: problem });
    if (mapping.dateOrder !== undefined) {
      problems.push({ field: 'dateOrder', message: 'give timestampFormat or dateOrder, not both: the format already says where the day is' });
    }
  }
  if (mapping.timezone !== undefined && !IANAZone.isValidZone(mapping.timezone)) {
    problems.push({ field: 'timezone', message: `"${mapping.timezone}" is not an IANA time zone (such as Europe/Berlin, America/New_York or UTC)` });
  }
  return problems;
}
