import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSeconds, readableNumber } from './format';

describe('readableNumber', () => {
  it('keeps six significant digits, and every digit of the integer part', () => {
    expect(readableNumber(432.12345678)).toBe(432.123);
    expect(readableNumber(417.00000000000006)).toBe(417);
    expect(readableNumber(0.000123456789)).toBe(0.000123457);
    expect(readableNumber(-98.7654321)).toBe(-98.7654);
    expect(readableNumber(1234567.89)).toBe(1234568);
    expect(readableNumber(0)).toBe(0);
  });

  it('stays within half a unit of its last kept digit, for any finite value', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (value) => {
        const rounded = readableNumber(value);
        if (value === 0) return;
        const magnitude = Math.floor(Math.log10(Math.abs(value)));
        const unit = 10 ** (magnitude + 1 - Math.max(6, magnitude + 1));
        expect(Math.abs(rounded - value)).toBeLessThanOrEqual(unit / 2 + Math.abs(value) * 1e-15);
        expect(readableNumber(rounded)).toBe(rounded);
      }),
    );
  });
});

describe('formatSeconds', () => {
  it('says a time too short for two decimals is under 0.01 s, never 0.00 or an exponent (fresh eyes: "6.68e-5 s" and "0.00")', () => {
    expect(formatSeconds(6.68e-5)).toBe('< 0.01');
    expect(formatSeconds(0.004)).toBe('< 0.01');
    expect(formatSeconds(0.01)).toBe('0.01');
    expect(formatSeconds(3.456)).toBe('3.46');
    expect(formatSeconds(42.31)).toBe('42.3');
    expect(formatSeconds(null)).toBe('—');
  });
});
