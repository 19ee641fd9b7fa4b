// Series values travel as little-endian float64 bytes (NaN = missing), one BYTEA per series.

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** Float64Array → little-endian bytes. Always a fresh copy, so later writes to `values` do not leak into it. */
export function encodeValues(values: Float64Array): Uint8Array<ArrayBuffer> {
  if (HOST_IS_LITTLE_ENDIAN) {
    return new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  }
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return bytes;
}

/**
 * Little-endian bytes → Float64Array. Copies first: a Buffer from the pg driver is usually a slice of a shared
 * pool at an offset that is not a multiple of 8, which a Float64Array view cannot sit on.
 */
export function decodeValues(bytes: Uint8Array): Float64Array {
  if (bytes.byteLength % 8 !== 0) {
    throw new Error(`Series values must be a whole number of float64s (8 bytes each); got ${bytes.byteLength} bytes.`);
  }
  if (HOST_IS_LITTLE_ENDIAN) {
    const aligned = new Uint8Array(bytes.byteLength);
    aligned.set(bytes);
    return new Float64Array(aligned.buffer);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}
