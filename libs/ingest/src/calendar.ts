/** Proleptic Gregorian calendar arithmetic on UTC milliseconds, without allocating Date objects in hot loops. */

export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const MS_PER_WEEK = 604_800_000;

/** Days since 1970-01-01 (Hinnant's days_from_civil); month is 1-12. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0, so the leap day is the last day of the year
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Calendar position of an instant; `civil()` fills it in place so hot loops allocate nothing. */
export interface CivilTime {
  year: number;
  month: number;
  day: number;
  /** Milliseconds since midnight. */
  timeOfDay: number;
}

export function civil(ms: number, out: CivilTime): CivilTime {
  const days = Math.floor(ms / MS_PER_DAY);
  out.timeOfDay = ms - days * MS_PER_DAY;
  // Hinnant's civil_from_days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}

export function newCivil(): CivilTime {
  return { year: 0, month: 0, day: 0, timeOfDay: 0 };
}

/**
 * `months` calendar months after `base`. A base on the last day of its month stays on month ends (Jan 31 → Feb 28 →
 * Mar 31); any other day is clamped to the target month's length (Jan 30 → Feb 28 → Mar 30).
 */
export function addMonths(base: CivilTime, months: number): number {
  const index = base.year * 12 + (base.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = daysInMonth(year, month);
  const day = base.day >= daysInMonth(base.year, base.month) ? last : Math.min(base.day, last);
  return daysFromCivil(year, month, day) * MS_PER_DAY + base.timeOfDay;
}
