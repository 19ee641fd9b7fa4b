/** Small helpers the simple models share. */

/** Index of the last non-NaN value, or −1. */
export function lastKnownIndex(values: ArrayLike<number>): number {
  for (let i = values.length - 1; i >= 0; i--) if (!Number.isNaN(values[i])) return i;
  return -1;
}

export function requireKnown(values: ArrayLike<number>, kind: string): number {
  const i = lastKnownIndex(values);
  if (i < 0) throw new RangeError(`${kind}: a series has no known value to forecast from`);
  return i;
}

export function checkHorizon(h: number): void {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`horizon must be a positive integer, got ${h}`);
}
