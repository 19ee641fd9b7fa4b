import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { resolveLocalTimes } from './local-time';
import { ProblemList } from './problems';
import { timestampFormatProblem } from './timestamp-options';
import { TimestampReader } from './timestamp-reader';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Instants 1900–2099 at whole minutes. */
const instant = fc.integer({ min: Date.UTC(1900, 0, 1) / MINUTE, max: Date.UTC(2099, 11, 31, 23, 59) / MINUTE }).map((m) => m * MINUTE);
const pad = (n: number, zeros: boolean) => (zeros ? String(n).padStart(2, '0') : String(n));

describe('reading dates back (properties)', () => {
  it('any date written day first (/ . -, padded or not) reads back to the same instant', () => {
    const reader = new TimestampReader('day-month', { dateOrder: 'dmy' });
    fc.assert(
      fc.property(instant, fc.constantFrom('/', '.', '-'), fc.boolean(), (ms, sep, zeros) => {
        const d = new Date(ms);
        const text = `${pad(d.getUTCDate(), zeros)}${sep}${pad(d.getUTCMonth() + 1, zeros)}${sep}${d.getUTCFullYear()} ${pad(d.getUTCHours(), zeros)}:${pad(d.getUTCMinutes(), true)}`;
        expect(reader.readText(text, 2)).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  it('any date written month first with a 12-hour clock reads back to the same instant', () => {
    const reader = new TimestampReader('day-month', { dateOrder: 'mdy' });
    fc.assert(
      fc.property(instant, fc.boolean(), (ms, lowerCase) => {
        const d = new Date(ms);
        const h = d.getUTCHours();
        const marker = h < 12 ? 'AM' : 'PM';
        const suffix = lowerCase ? marker.toLowerCase() : marker;
        const text = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes(), true)} ${suffix}`;
        expect(reader.readText(text, 2)).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  it('undecided dates read day first, with the month-first reading beside them', () => {
    const reader = new TimestampReader('day-month', undefined);
    fc.assert(
      fc.property(instant, (ms) => {
        const d = new Date(ms);
        const text = `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()} ${d.getUTCHours()}:${pad(d.getUTCMinutes(), true)}`;
        expect(reader.readText(text, 2)).toBe(ms);
        const swapped = d.getUTCDate() <= 12 ? Date.UTC(d.getUTCFullYear(), d.getUTCDate() - 1, d.getUTCMonth() + 1, d.getUTCHours(), d.getUTCMinutes()) : NaN;
        expect(reader.monthFirstReading).toBe(swapped);
      }),
      { numRuns: 200 },
    );
  });

  it('any date written in a declared Luxon pattern reads back to the same instant (at the pattern’s precision)', () => {
    const patterns: [string, number][] = [
      ['dd/MM/yyyy HH:mm', MINUTE],
      ['M/d/yyyy h:mm a', MINUTE],
      ['dd.MM.yyyy HH:mm:ss', 1000],
      ['yyyyMMdd HHmm', MINUTE],
      ['d MMM yyyy', 86_400_000],
      ["dd-MM-yyyy'T'HH", HOUR],
    ];
    fc.assert(
      fc.property(instant, fc.constantFrom(...patterns), (ms, [format, unit]) => {
        expect(timestampFormatProblem(format)).toBeNull();
        const reader = new TimestampReader('format', { timestampFormat: format });
        const text = DateTime.fromMillis(ms, { zone: 'utc' }).toFormat(format);
        expect(reader.readText(text, 2)).toBe(Math.floor(ms / unit) * unit);
      }),
      { numRuns: 300 },
    );
  });

  it('hourly wall-clock times of any zone, across its DST changes, resolve to the UTC hours they were written from', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/St_Johns', 'Europe/London'];
    // Starts in the months DST changes in (north and south), so most runs cross a change.
    const start = fc
      .record({ year: fc.integer({ min: 2000, max: 2035 }), month: fc.constantFrom(2, 3, 9, 10), day: fc.integer({ min: 1, max: 28 }), hour: fc.integer({ min: 0, max: 23 }) })
      .map(({ year, month, day, hour }) => Date.UTC(year, month, day, hour));
    fc.assert(
      fc.property(start, fc.constantFrom(...zones), (first, zone) => {
        const instants = Array.from({ length: 24 * 10 }, (_, i) => first + i * HOUR);
        const walls = instants.map((ms) => {
          const local = DateTime.fromMillis(ms, { zone });
          return local.toMillis() + local.offset * MINUTE;
        });
        const timestamps = Float64Array.from(walls);
        const problems = new ProblemList(5);
        const rows = { timestamps, flags: new Uint8Array(walls.length), lines: Int32Array.from(walls, (_, i) => i + 2), seriesIndex: null, seriesCount: 1 };
        resolveLocalTimes(zone, rows, 'time', problems, []);
        expect(problems.items).toEqual([]);
        expect(Array.from(timestamps)).toEqual(instants);
      }),
      { numRuns: 60 },
    );
  });
});

describe('timestampFormatProblem', () => {
  it.each([
    ['dd/MM/yyyy HH:mm', null],
    ['MMM yyyy', null],
    ['dd/MM', '"dd/MM" has no year (yyyy)'],
    ['dd/MM/yyyy hh:mm', '"dd/MM/yyyy hh:mm" uses a 12-hour clock (h) without AM/PM (a); use HH for a 24-hour clock'],
    ['qqq', '"qqq" is not a Luxon pattern that reads dates back (such as "dd/MM/yyyy HH:mm")'],
  ])('%s → %s', (format, problem) => {
    expect(timestampFormatProblem(format)).toBe(problem);
  });
});
