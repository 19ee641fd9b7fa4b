import { z } from 'zod';

/**
 * Numbers in saved model state, bit for bit: JSON has no NaN, ±Infinity or −0 (JSON.stringify writes them as null
 * or 0), so those four are written as strings; every other double round-trips through JSON's shortest decimal form.
 */
export type SavedNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export function saveNumber(x: number): SavedNumber {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return x;
}

const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

export const savedNumber = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity', '-0'])])
  .transform((v) => (typeof v === 'number' ? v : SPECIAL[v]));

export const savedNumbers = z.array(savedNumber).transform((v) => Float64Array.from(v));

export function saveNumbers(values: ArrayLike<number>): SavedNumber[] {
  return Array.from(values, saveNumber);
}
