import { describe, expect, it } from 'vitest';
import { normalSampler, seededRandom } from './seeded-random';

describe('seededRandom', () => {
  // Saved models and benches name their seed: the numbers a seed draws must never change.
  it('draws the numbers it always drew for a seed', () => {
    const one = seededRandom(1);
    expect([one(), one(), one()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const large = seededRandom(0xdeadbeef);
    expect([large(), large()]).toEqual([0.9413696140982211, 0.26719574979506433]);
  });

  it('stays in [0, 1) and gives each seed its own sequence', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 10_000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(seededRandom(2)()).not.toBe(seededRandom(3)());
  });
});

describe('normalSampler', () => {
  it('draws the normals it always drew for a seed', () => {
    const normal = normalSampler(seededRandom(7));
    expect([normal(), normal(), normal()]).toEqual([0.14197043782155663, -0.8642530248729361, -1.006366324094015]);
  });

  it('has mean 0 and standard deviation 1', () => {
    const normal = normalSampler(seededRandom(11));
    const xs = Array.from({ length: 50_000 }, normal);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
  });
});
