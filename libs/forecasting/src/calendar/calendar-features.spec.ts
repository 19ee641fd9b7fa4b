import { calendarSpecSchema, type CalendarSpecInput, type Frequency } from '@foretell/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarColumns } from './calendar-features';
import { withCalendar } from './calendar-covariates';

const daily: Frequency = { unit: 'day', step: 1 };
const hourly: Frequency = { unit: 'hour', step: 1 };
const spec = (s: CalendarSpecInput) => calendarSpecSchema.parse(s);
const column = (built: ReturnType<typeof calendarColumns>, name: string) => {
  const i = built.columns.indexOf(name);
  expect(i, `column ${name} in ${built.columns.join(', ')}`).toBeGreaterThanOrEqual(0);
  return Array.from(built.values[i]);
};

describe('calendarColumns', () => {
  it('marks 2024-12-25 (DE) and 2024-07-04 (US) as public holidays on a daily grid, and not the days around them', () => {
    const de = calendarColumns({ start: new Date('2024-12-20T00:00:00Z'), frequency: daily, length: 10, horizon: 0 }, spec({ holidays: 'DE' }));
    // 20..29 Dec: 25th and 26th are public holidays in Germany, the 24th is not.
    expect(column(de, 'holiday')).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    const us = calendarColumns({ start: new Date('2024-07-01T00:00:00Z'), frequency: daily, length: 7, horizon: 0 }, spec({ holidays: 'US' }));
    expect(column(us, 'holiday')).toEqual([0, 0, 0, 1, 0, 0, 0]);
  });

  it('builds the horizon too, counting holiday days in the data and in the horizon', () => {
    const built = calendarColumns({ start: new Date('2024-12-01T00:00:00Z'), frequency: daily, length: 24, horizon: 14 }, spec({ holidays: 'DE' }));
    expect(built.values.every((v) => v.length === 38)).toBe(true);
    // Data: Dec 1..24 (none). Horizon: Dec 25, 26 and Jan 1.
    expect(built.used).toMatchObject({ holidaysInData: 0, holidaysInHorizon: 3, holidays: 'DE' });
  });

  it('uses a state\'s own holidays (AU-VIC has Melbourne Cup day, AU-NSW does not)', () => {
    const grid = { start: new Date('2024-11-05T00:00:00Z'), frequency: daily, length: 1, horizon: 0 };
    expect(column(calendarColumns(grid, spec({ holidays: 'AU-VIC' })), 'holiday')).toEqual([1]);
    expect(column(calendarColumns(grid, spec({ holidays: 'AU-NSW' })), 'holiday')).toEqual([0]);
  });

  it('marks every hour of a holiday on an hourly (UTC, DST-free) grid, and counts the day once', () => {
    const built = calendarColumns({ start: new Date('2024-12-24T00:00:00Z'), frequency: hourly, length: 72, horizon: 0 }, spec({ holidays: 'DE' }));
    const holiday = column(built, 'holiday');
    expect(holiday.slice(0, 24).every((v) => v === 0)).toBe(true);
    expect(holiday.slice(24).every((v) => v === 1)).toBe(true);
    expect(built.used.holidaysInData).toBe(2);
  });

  it('counts holidays per week on a weekly grid', () => {
    // Weeks starting Monday 2024-12-23 and 2024-12-30: Christmas and Boxing Day, then New Year's Day.
    const built = calendarColumns({ start: new Date('2024-12-23T00:00:00Z'), frequency: { unit: 'week', step: 1 }, length: 2, horizon: 1 }, spec({ holidays: 'DE' }));
    expect(column(built, 'holiday')).toEqual([2, 1, 0]);
  });

  it('encodes weekdays as six 0/1 columns with Monday the baseline', () => {
    // 2024-07-01 is a Monday.
    const built = calendarColumns({ start: new Date('2024-07-01T00:00:00Z'), frequency: daily, length: 7, horizon: 0 }, spec({ features: ['weekday'] }));
    expect(built.columns).toEqual(['weekday:tue', 'weekday:wed', 'weekday:thu', 'weekday:fri', 'weekday:sat', 'weekday:sun']);
    expect(column(built, 'weekday:sat')).toEqual([0, 0, 0, 0, 0, 1, 0]);
    expect(built.values.map((v) => v[0])).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('builds hour-of-day harmonics for hourly data only, and says when a feature asked for does not vary', () => {
    const auto = calendarColumns({ start: new Date('2024-01-01T00:00:00Z'), frequency: hourly, length: 48, horizon: 0 }, spec({}));
    expect(auto.used.features).toEqual(['hour', 'weekday', 'month']);
    const sin1 = column(auto, 'hour:sin1');
    expect(sin1[6]).toBeCloseTo(1); // 06:00 is a quarter of the day
    expect(sin1[30]).toBeCloseTo(1); // and the next day's 06:00
    const dailyAuto = calendarColumns({ start: new Date('2024-01-01T00:00:00Z'), frequency: daily, length: 10, horizon: 0 }, spec({}));
    expect(dailyAuto.used.features).toEqual(['weekday', 'month']);
    const monthly = calendarColumns(
      { start: new Date('2024-01-01T00:00:00Z'), frequency: { unit: 'month', step: 1 }, length: 12, horizon: 0 },
      spec({ features: ['hour', 'weekday', 'month'], holidays: 'DE' }),
    );
    expect(monthly.used.features).toEqual(['month']);
    expect(monthly.used.skipped).toEqual(['hour', 'weekday']);
    expect(column(monthly, 'month:cos1')[0]).toBeCloseTo(1);
    expect(column(monthly, 'month:cos1')[6]).toBeCloseTo(-1, 1);
    const yearly = calendarColumns({ start: new Date('2020-01-01T00:00:00Z'), frequency: { unit: 'year', step: 1 }, length: 5, horizon: 0 }, spec({ holidays: 'DE' }));
    expect(yearly.columns).toEqual([]);
    expect(yearly.used.skipped).toContain('holidays');
  });

  it('depends on the grid alone: the columns of a longer grid extend those of a shorter one', () => {
    const frequencies: Frequency[] = [daily, hourly, { unit: 'minute', step: 30 }, { unit: 'week', step: 1 }, { unit: 'month', step: 1 }];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1995, 0, 1) / 3_600_000, max: Date.UTC(2030, 0, 1) / 3_600_000 }),
        fc.constantFrom(...frequencies),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        (hours, frequency, length, horizon) => {
          const start = new Date(hours * 3_600_000);
          const s = spec({ holidays: 'US-CA' });
          const short = calendarColumns({ start, frequency, length, horizon }, s);
          const long = calendarColumns({ start, frequency, length: length + horizon, horizon: 7 }, s);
          expect(long.columns).toEqual(short.columns);
          short.values.forEach((v, i) => expect(Array.from(long.values[i].subarray(0, v.length))).toEqual(Array.from(v)));
          for (const v of short.values) expect(v.every((x) => Number.isFinite(x) && Math.abs(x) <= 31)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('withCalendar', () => {
  it('appends the calendar after the given future covariates of each series', () => {
    const given = [{ past: [new Float64Array(3)], future: [Float64Array.from([9, 9, 9, 9, 9])] }];
    const { covariates, used } = withCalendar(
      given,
      [{ start: new Date('2024-12-23T00:00:00Z'), frequency: daily, length: 3, horizon: 2 }],
      spec({ features: [], holidays: 'DE' }),
    );
    expect(covariates[0].past).toBe(given[0].past);
    expect(covariates[0].future.map((f) => Array.from(f))).toEqual([[9, 9, 9, 9, 9], [0, 0, 1, 1, 0]]);
    expect(used).toMatchObject({ columns: ['holiday'], holidaysInData: 1, holidaysInHorizon: 1 });
  });
});

describe('calendarSpecSchema', () => {
  it('accepts countries and regions date-holidays knows, and refuses others naming the field and the choices', () => {
    expect(spec({ holidays: 'au-vic' }).holidays).toBe('AU-VIC');
    const country = calendarSpecSchema.safeParse({ holidays: 'XX' });
    expect(country.success).toBe(false);
    expect(country.error?.issues[0].path).toEqual(['holidays']);
    expect(country.error?.issues[0].message).toMatch(/unknown country "XX".*\bDE\b.*\bUS\b/);
    const region = calendarSpecSchema.safeParse({ holidays: 'DE-ZZ' });
    expect(region.error?.issues[0].message).toMatch(/unknown region "ZZ" of DE; use one of: .*\bBY\b/);
    expect(calendarSpecSchema.safeParse({ features: ['weekday', 'season'] }).success).toBe(false);
  });
});
