import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortRows } from './sort-rows';

const values = fc.array(fc.option(fc.oneof(fc.double({ noNaN: false }), fc.integer()), { nil: null }), { maxLength: 40 });

describe('sortRows', () => {
  it('orders present values ascending or descending and keeps missing ones last, whatever the input', () => {
    fc.assert(
      fc.property(values, fc.boolean(), (input, descending) => {
        const sorted = sortRows(input, (v) => v, descending);
        expect(sorted).toHaveLength(input.length);
        const present = sorted.filter((v): v is number => v !== null && Number.isFinite(v));
        const missing = sorted.slice(present.length);
        expect(missing.every((v) => v === null || !Number.isFinite(v))).toBe(true);
        for (let i = 1; i < present.length; i++) {
          if (descending) expect(present[i - 1]).toBeGreaterThanOrEqual(present[i]);
          else expect(present[i - 1]).toBeLessThanOrEqual(present[i]);
        }
      }),
    );
  });

  it('keeps the given order among ties and among rows without a value', () => {
    const rows = [
      { id: 'a', v: 2 },
      { id: 'b', v: null },
      { id: 'c', v: 1 },
      { id: 'd', v: 2 },
      { id: 'e', v: null },
    ];
    expect(sortRows(rows, (r) => r.v, false).map((r) => r.id)).toEqual(['c', 'a', 'd', 'b', 'e']);
    expect(sortRows(rows, (r) => r.v, true).map((r) => r.id)).toEqual(['a', 'd', 'c', 'b', 'e']);
  });

  it('compares text naturally, so "series 10" follows "series 9"', () => {
    expect(sortRows(['series 10', 'series 9', 'Series 1'], (v) => v, false)).toEqual(['Series 1', 'series 9', 'series 10']);
  });
});
