import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamp-parser';
import { seededRandom } from '@foretell/contracts';

const utc = Date.UTC;

describe('parseTimestamp', () => {
  it.each([
    ['1949-01', utc(1949, 0, 1)],
    ['1949/1', utc(1949, 0, 1)],
    ['1981-01-02', utc(1981, 0, 2)],
    ['1981/01/02', utc(1981, 0, 2)],
    ['1981/1/2', utc(1981, 0, 2)],
    ['2020-02-29', utc(2020, 1, 29)],
    ['2016-07-01 00:00:00', utc(2016, 6, 1)],
    ['2016-07-01 13:45', utc(2016, 6, 1, 13, 45)],
    ['2016-07-01 7:05:09', utc(2016, 6, 1, 7, 5, 9)],
    ['2016-07-01T13:45:30', utc(2016, 6, 1, 13, 45, 30)],
    ['2016-07-01T13:45:30.25Z', utc(2016, 6, 1, 13, 45, 30, 250)],
    ['2016-07-01T13:45:30,5', utc(2016, 6, 1, 13, 45, 30, 500)],
    ['2016-07-01T13:45:30.123456789Z', utc(2016, 6, 1, 13, 45, 30, 123)],
    ['2016-07-01T13:45:30+02:00', utc(2016, 6, 1, 11, 45, 30)],
    ['2016-07-01T13:45:30-0530', utc(2016, 6, 1, 19, 15, 30)],
    ['2016-07-01 01:00:00 -05', utc(2016, 6, 1, 6)],
    ['2016-07-01 01:00:00 UTC', utc(2016, 6, 1, 1)],
    ['  2016-07-01  ', utc(2016, 6, 1)],
    ['1949', utc(1949, 0, 1)],
    ['1990Q2', utc(1990, 3, 1)],
    ['1990-Q3', utc(1990, 6, 1)],
    ['1990 q4', utc(1990, 9, 1)],
  ])('reads %s', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it('gives 1-2 digit years (shampoo sales "1-01") the POSIX %y century: 00-68 → 20xx, 69-99 → 19xx', () => {
    expect(parseTimestamp('1-01')).toBe(utc(2001, 0, 1));
    expect(parseTimestamp('3-12')).toBe(utc(2003, 11, 1));
    expect(parseTimestamp('68-01')).toBe(utc(2068, 0, 1));
    expect(parseTimestamp('69-01')).toBe(utc(1969, 0, 1));
    expect(parseTimestamp('99-12')).toBe(utc(1999, 11, 1));
  });

  it.each([
    '', 'abc', '12a', 'Jan-49', '1949-13', '1949-00', '2019-02-29', '2020-02-30', '2020-04-31', '01/02/2016',
    '02-01-2016', '1949.01', '123', '12345', '1-01-02', '2016-07-01 25:00', '2016-07-01 12:60', '2016-07-01T12',
    '2016-07-01 12:00:00+25:00', '2016-07-01 12:00:00 PST', '2016-07-01x', '1990Q5', '2016-07/01',
  ])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  it('agrees with Date.parse on random ISO 8601 instants with zones', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(random() * 8e12) - 4e12; // 1843..2096
      const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
      const offsetMin = Math.floor(random() * 27 * 60) - 12 * 60;
      const sign = offsetMin < 0 ? '-' : '+';
      const abs = Math.abs(offsetMin);
      const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
      expect(parseTimestamp(iso)).toBe(ms);
      expect(parseTimestamp(local + zone)).toBe(Date.parse(local + zone));
      expect(parseTimestamp(local.replace('T', ' '))).toBe(Date.parse(local + 'Z'));
    }
  });
});
