import { describe, expect, it } from 'vitest';

import { decodeValues, encodeValues } from './values-codec';

describe('values codec', () => {
  it('round-trips NaN, infinities, signed zero and extreme magnitudes exactly', () => {
    const values = new Float64Array([
      1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0,
      Number.MAX_VALUE, Number.MIN_VALUE, -Number.EPSILON, 1 / 3,
    ]);
    const decoded = decodeValues(encodeValues(values));
    expect(decoded).toHaveLength(values.length);
    decoded.forEach((v, i) => expect(Object.is(v, values[i])).toBe(true));
  });

  it('writes little-endian IEEE 754 doubles, 8 bytes each', () => {
    // 1.0 is 0x3FF0000000000000; little-endian puts the 0xF0 0x3F bytes last.
    expect([...encodeValues(new Float64Array([1]))]).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(encodeValues(new Float64Array(3)).byteLength).toBe(24);
  });

  it('encodes only the view it is given and copies it', () => {
    const backing = new Float64Array([9, 1, 2, 9]);
    const bytes = encodeValues(backing.subarray(1, 3));
    backing[1] = 42;
    expect([...decodeValues(bytes)]).toEqual([1, 2]);
  });

  it('decodes bytes that sit at an unaligned offset, as pooled Buffers from pg do', () => {
    const encoded = encodeValues(new Float64Array([3.25, Number.NaN, -7]));
    const pool = new Uint8Array(encoded.length + 3);
    pool.set(encoded, 3);
    const decoded = decodeValues(pool.subarray(3));
    expect(decoded[0]).toBe(3.25);
    expect(decoded[1]).toBeNaN();
    expect(decoded[2]).toBe(-7);
    expect(decodeValues(Buffer.from(encoded))[2]).toBe(-7);
  });

  it('round-trips an empty series', () => {
    expect(decodeValues(encodeValues(new Float64Array(0)))).toHaveLength(0);
  });

  it('rejects a byte length that is not a multiple of 8', () => {
    expect(() => decodeValues(new Uint8Array(12))).toThrow(/8 bytes each.*12 bytes/);
  });
});
