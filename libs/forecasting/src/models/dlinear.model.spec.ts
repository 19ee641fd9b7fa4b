import { describe, expect, it } from 'vitest';
import { movingAverageMatrix } from './dlinear.model';

describe('dlinear moving average', () => {
  it('averages k neighbours, repeating the window ends as DLinear pads', () => {
    const L = 5;
    const m = movingAverageMatrix(L, 3);
    const x = [1, 2, 4, 8, 16];
    const trend = Array.from({ length: L }, (_, i) => x.reduce((s, v, j) => s + v * m[j * L + i], 0));
    // Padded: [1, 1, 2, 4, 8, 16, 16].
    expect(trend.map((v) => +v.toFixed(5))).toEqual([4 / 3, 7 / 3, 14 / 3, 28 / 3, 40 / 3].map((v) => +v.toFixed(5)));
  });

  it('has columns summing to one for any kernel, even one longer than the window', () => {
    for (const [L, k] of [[10, 25], [30, 25], [7, 1]]) {
      const m = movingAverageMatrix(L, k);
      for (let i = 0; i < L; i++) {
        let sum = 0;
        for (let j = 0; j < L; j++) sum += m[j * L + i];
        expect(sum).toBeCloseTo(1, 6);
      }
    }
  });
});
