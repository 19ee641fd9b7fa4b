import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber } from './number-parser';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe('parseNumber, on generated numbers', () => {
  it('reads back every finite double written by toString, toPrecision(17) and toExponential()', () => {
    fc.assert(
      fc.property(finite, (x) => {
        for (const text of [String(x), x.toPrecision(17), x.toExponential(), x.toExponential().toUpperCase()]) {
          // -0 prints as "0": zeros compare by value, everything else by identity.
          if (x === 0) expect(parseNumber(text)).toEqual(0);
          else expect(parseNumber(text)).toBe(x);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('equals Number() on generated decimal texts, and refuses those Number() makes infinite', () => {
    const text = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{1,30}$/), fc.stringMatching(/^(\.[0-9]{0,30})?$/), fc.constantFrom('', 'e', 'E-', 'e+'), fc.integer({ min: 0, max: 400 }))
      .map(([sign, whole, fraction, e, exp]) => `${sign}${whole}${fraction}${e ? `${e}${exp}` : ''}`);
    fc.assert(
      fc.property(text, (t) => {
        const expected = Number(t);
        expect(parseNumber(t)).toBe(Number.isFinite(expected) ? expected : null);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses malformed texts', () => {
    const junk = fc.stringMatching(/^[0-9.eE+-]{1,8}[a-zA-Z$#,x ][0-9.eE+-]{0,4}$/).filter((t) => !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(t));
    fc.assert(
      fc.property(junk, (t) => {
        expect(parseNumber(t)).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});
