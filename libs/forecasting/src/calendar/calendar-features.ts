import { stepTimestamp, type CalendarFeature, type CalendarSpec, type CalendarUsed, type Frequency } from '@foretell/contracts';
import { publicHolidays } from './public-holidays';

/** Where a series lies on its grid: its first timestamp, frequency, points, and the horizon to build features for. */
export interface CalendarGrid {
  start: Date;
  frequency: Frequency;
  length: number;
  horizon: number;
}

/** A series' calendar covariates: one column per name, `length + horizon` values each (history, then horizon). */
export interface CalendarColumns {
  columns: string[];
  values: Float64Array[];
  used: CalendarUsed;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const YEAR_MS = 365.25 * DAY_MS;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** Harmonic pairs for the smooth cycles: enough for a peak and a trough a day, and for summer and winter. */
const HOUR_HARMONICS = 3;
const YEAR_HARMONICS = 2;

/** Approximate time between two points, for deciding which features vary at a frequency. */
function periodMs({ unit, step }: Frequency): number {
  const fixed: Record<Frequency['unit'], number> = {
    second: 1_000, minute: 60_000, hour: 3_600_000, day: DAY_MS, week: WEEK_MS,
    month: YEAR_MS / 12, quarter: YEAR_MS / 4, year: YEAR_MS,
  };
  return fixed[unit] * step;
}

/** Whether a feature changes from point to point at this frequency (hour of day at daily data does not). */
export function featureVaries(feature: CalendarFeature | 'holidays', frequency: Frequency): boolean {
  const period = periodMs(frequency);
  if (feature === 'hour') return period < DAY_MS;
  if (feature === 'weekday') return period < WEEK_MS;
  return period < YEAR_MS * 0.99;
}

/**
 * (k, sin|cos) pairs of a cycle sampled `perCycle` times: up to `max` harmonics below the Nyquist limit; the sine
 * at exactly half the cycle is zero at every sample and is left out.
 */
function harmonics(perCycle: number, max: number): { k: number; fn: 'sin' | 'cos' }[] {
  const out: { k: number; fn: 'sin' | 'cos' }[] = [];
  for (let k = 1; k <= Math.min(max, Math.floor(perCycle / 2)); k++) {
    if (2 * k !== perCycle) out.push({ k, fn: 'sin' });
    out.push({ k, fn: 'cos' });
  }
  return out;
}

/** Position in the day (0..1) of a UTC timestamp, minutes included. */
const dayFraction = (t: Date) => (t.getTime() % DAY_MS) / DAY_MS;

/** Position in the year (0..1): day of year over the year's days, so a monthly grid gets (month − 1) / 12 closely. */
function yearFraction(t: Date): number {
  const year = t.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  return (t.getTime() - start) / (Date.UTC(year + 1, 0, 1) - start);
}

const isoDate = (t: Date) => t.toISOString().slice(0, 10);

/**
 * Calendar covariates of one series, from its grid alone (never its values): known for the horizon too.
 * - hour of day and time of year (`month`) are smooth cycles: sin/cos harmonics, few columns in [-1, 1], no cliff
 *   between 23:00 and 00:00 or December and January, and as fit for least squares as for a network;
 * - weekday is categorical (a weekend is a step, which one harmonic cannot draw): six 0/1 columns, Monday the baseline
 *   (a seventh would be collinear with a regression's intercept);
 * - `holiday`: 1 on a public holiday for daily and finer data (the timestamp's date, as the grid's wall clock reads
 *   it), and the count of public holidays in the period for coarser data (a week, a month).
 * Only features that vary at the frequency are built; the others are listed in `used.skipped`.
 */
export function calendarColumns(grid: CalendarGrid, spec: CalendarSpec): CalendarColumns {
  const { start, frequency, length, horizon } = grid;
  const total = length + horizon;
  const times = Array.from({ length: total + 1 }, (_, k) => stepTimestamp(start, frequency, k));
  const asked: CalendarFeature[] = spec.features === 'auto' ? ['hour', 'weekday', 'month'] : [...new Set(spec.features)];
  const features = asked.filter((f) => featureVaries(f, frequency));
  const skipped: string[] = spec.features === 'auto' ? [] : asked.filter((f) => !features.includes(f));
  const columns: string[] = [];
  const values: Float64Array[] = [];
  const add = (name: string, at: (t: Date, k: number) => number) => {
    columns.push(name);
    values.push(Float64Array.from({ length: total }, (_, k) => at(times[k], k)));
  };
  const period = periodMs(frequency);
  const cyclic = (name: string, perCycle: number, max: number, position: (t: Date) => number) => {
    for (const { k, fn } of harmonics(perCycle, max)) {
      add(`${name}:${fn}${k}`, (t) => Math[fn](2 * Math.PI * k * position(t)));
    }
  };
  if (features.includes('hour')) cyclic('hour', DAY_MS / period, HOUR_HARMONICS, dayFraction);
  if (features.includes('weekday')) {
    for (let d = 1; d < 7; d++) add(`weekday:${WEEKDAYS[d]}`, (t) => ((t.getUTCDay() + 6) % 7 === d ? 1 : 0));
  }
  if (features.includes('month')) cyclic('month', YEAR_MS / period, YEAR_HARMONICS, yearFraction);

  let holidaysInData = 0;
  let holidaysInHorizon = 0;
  if (spec.holidays && !featureVaries('holidays', frequency)) skipped.push('holidays');
  else if (spec.holidays) {
    const holidays = publicHolidays(spec.holidays, times[0], times[total]);
    const daily = period <= DAY_MS;
    const counts = times.slice(0, total).map((t, k) => {
      if (daily) return holidays.has(isoDate(t)) ? 1 : 0;
      let n = 0;
      for (let day = Date.parse(isoDate(t)); day < times[k + 1].getTime(); day += DAY_MS) {
        if (holidays.has(isoDate(new Date(day)))) n++;
      }
      return n;
    });
    add('holiday', (_, k) => counts[k]);
    // Holiday days, not points: 24 hourly points of Christmas count once.
    const days = (from: number, to: number) => new Set(times.slice(from, to).filter((_, k) => counts[from + k] > 0).map(isoDate)).size;
    holidaysInData = daily ? days(0, length) : counts.slice(0, length).reduce((a, b) => a + b, 0);
    holidaysInHorizon = daily ? days(length, total) : counts.slice(length).reduce((a, b) => a + b, 0);
  }
  return {
    columns,
    values,
    used: { columns, features, skipped, holidays: spec.holidays ?? null, holidaysInData, holidaysInHorizon },
  };
}
