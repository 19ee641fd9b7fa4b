import { describe, expect, it } from 'vitest';
import { maxRootModulus, minRootModulus, polyroot } from './polyroot';

function sortedModuli(coefficients: number[]): number[] {
  const { re, im } = polyroot(coefficients);
  return Array.from(re, (r, k) => Math.hypot(r, im[k])).sort((a, b) => a - b);
}

describe('polyroot', () => {
  it('finds real roots: (z − 1)(z − 2)(z + 3) = z³ − 7z + 6', () => {
    const { re, im } = polyroot([6, -7, 0, 1]);
    expect(Array.from(re).sort((a, b) => a - b).map((v) => +v.toFixed(9))).toEqual([-3, 1, 2]);
    for (const v of im) expect(Math.abs(v)).toBeLessThan(1e-9);
  });

  it('finds complex pairs: z² + 1 and z⁴ + 1', () => {
    expect(sortedModuli([1, 0, 1])).toEqual([1, 1]);
    const moduli = sortedModuli([1, 0, 0, 0, 1]);
    for (const m of moduli) expect(m).toBeCloseTo(1, 10);
  });

  it('handles seasonal-size degrees: 1 − 0.5 z^12 has all roots of modulus 2^(1/12)', () => {
    const c = new Array(13).fill(0);
    c[0] = 1;
    c[12] = -0.5;
    for (const m of sortedModuli(c)) expect(m).toBeCloseTo(2 ** (1 / 12), 9);
    expect(minRootModulus(c)).toBeCloseTo(2 ** (1 / 12), 9);
    expect(maxRootModulus(c)).toBeCloseTo(2 ** (1 / 12), 9);
  });

  it('ignores trailing zero coefficients and has no roots for constants', () => {
    expect(sortedModuli([2, -1, 0, 0])).toEqual([2]);
    expect(polyroot([5]).re).toHaveLength(0);
    expect(minRootModulus([5])).toBe(Infinity);
  });
});
