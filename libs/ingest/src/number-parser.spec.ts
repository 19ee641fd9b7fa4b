import { describe, expect, it } from 'vitest';
import { parseNumber } from './number-parser';
import { seededRandom } from '@foretell/contracts';

describe('parseNumber', () => {
  it('equals Number() on random decimals, long mantissas and exponents', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 20_000; i++) {
      const x = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      const texts = [String(x), x.toFixed(Math.floor(random() * 8)), x.toPrecision(1 + Math.floor(random() * 17)), x.toExponential(6)];
      for (const text of texts) expect(parseNumber(text)).toBe(Number(text));
    }
  });

  it.each([
    ['12', 12], ['-3.5', -3.5], ['+7', 7], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['2.5E-3', 0.0025], [' 42 ', 42],
    ['0.30000000000000004', 0.30000000000000004], ['12.480999946594238', 12.480999946594238],
  ])('reads %j', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });

  it.each(['12a', 'abc', '1,5', '1.2.3', '1e', '--1', '0x10', 'Infinity', '1 000', '$5'])('refuses %j', (text) => {
    expect(parseNumber(text)).toBeNull();
  });

  it.each(['1e309', '-1e309', '9'.repeat(400), `-${'9'.repeat(309)}.5`, '1.8e308', '0.' + '0'.repeat(400) + '1e800'])(
    'refuses %j, which is beyond the range of a double',
    (text) => {
      expect(parseNumber(text)).toBeNull();
    },
  );

  it('reads the largest double and values that underflow to zero, as Number() does', () => {
    expect(parseNumber('1.7976931348623157e308')).toBe(Number.MAX_VALUE);
    expect(parseNumber('1e-400')).toBe(0);
    expect(parseNumber('0e1000000')).toBe(0);
  });

  it('takes a comma as the decimal point only when asked (semicolon- or tab-delimited files)', () => {
    expect(parseNumber('1,5', true)).toBe(1.5);
    expect(parseNumber('-0,25', true)).toBe(-0.25);
    expect(parseNumber('1,2,3', true)).toBeNull();
  });
});
