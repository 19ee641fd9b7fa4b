import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamp-parser';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const instant = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

describe('parseTimestamp, on generated instants', () => {
  it('reads every accepted form back to the same instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -12, max: 14 }), (date, zoneHours) => {
        const d = new Date(Math.floor(date.getTime() / 1000) * 1000);
        const [y, mo, da, h, mi, s] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
        const day = `${y}-${pad(mo)}-${pad(da)}`;
        const ms = d.getTime();
        const midnight = Date.UTC(y, mo - 1, da);
        expect(parseTimestamp(day)).toBe(midnight);
        expect(parseTimestamp(`${y}/${mo}/${da}`)).toBe(midnight);
        expect(parseTimestamp(`${y}-${pad(mo)}`)).toBe(Date.UTC(y, mo - 1, 1));
        expect(parseTimestamp(`${y}Q${Math.floor((mo - 1) / 3) + 1}`)).toBe(Date.UTC(y, Math.floor((mo - 1) / 3) * 3, 1));
        expect(parseTimestamp(`${day} ${pad(h)}:${pad(mi)}:${pad(s)}`)).toBe(ms);
        expect(parseTimestamp(`${day}T${pad(h)}:${pad(mi)}:${pad(s)}Z`)).toBe(ms);
        expect(parseTimestamp(`${day} ${pad(h)}:${pad(mi)}`)).toBe(ms - s * 1000);
        // The same wall-clock time in another zone is that many hours away from UTC.
        const zone = `${zoneHours < 0 ? '-' : '+'}${pad(Math.abs(zoneHours))}:00`;
        expect(parseTimestamp(`${day}T${pad(h)}:${pad(mi)}:${pad(s)}${zone}`)).toBe(ms - zoneHours * 3_600_000);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses dates and times that do not exist (month 13, Feb 30, hour 25, minute 60)', () => {
    const year = fc.integer({ min: 1000, max: 9999 });
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: 28 }), fc.integer({ min: 13, max: 99 }), fc.integer({ min: 24, max: 99 }), (y, d, badMonth, badHour) => {
        expect(parseTimestamp(`${y}-${badMonth}-${pad(d)}`)).toBeNull();
        expect(parseTimestamp(`${y}-${badMonth}`)).toBeNull();
        expect(parseTimestamp(`${y}-02-30`)).toBeNull();
        expect(parseTimestamp(`${y}-04-31`)).toBeNull();
        expect(parseTimestamp(`${y}-01-${pad(d)} ${badHour}:00:00`)).toBeNull();
        expect(parseTimestamp(`${y}-01-${pad(d)} 12:60`)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
