import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demandPattern } from './demand-class';

describe('demandPattern', () => {
  it('computes ADI and CV² by hand and places the series in its Syntetos–Boylan class', () => {
    // 6 known periods, 3 with demand: ADI 2. Sizes 2, 4, 6: mean 4, sample variance 4, CV² 0.25.
    expect(demandPattern([0, 2, 0, 4, NaN, 0, 6])).toEqual({ adi: 2, cv2: 0.25, class: 'intermittent' });
    expect(demandPattern([0, 1, 0, 9])).toMatchObject({ adi: 2, cv2: 32 / 25, class: 'lumpy' });
    expect(demandPattern([5, 6, 5, 6])?.class).toBe('smooth');
    expect(demandPattern([1, 9, 1, 9])?.class).toBe('erratic');
    expect(demandPattern([7])).toEqual({ adi: 1, cv2: 0, class: 'smooth' });
  });

  it('cuts at ADI 1.32 and CV² 0.49 inclusive', () => {
    // 33 periods with 25 demands: ADI exactly 1.32.
    expect(demandPattern([...new Array(8).fill(0), ...new Array(25).fill(3)])?.class).toBe('intermittent');
    expect(demandPattern([...new Array(7).fill(0), ...new Array(25).fill(3)])?.class).toBe('smooth');
  });

  it('has no class for series that are not demand: a negative value, or no demand at all', () => {
    expect(demandPattern([3, -1, 2])).toBeNull();
    expect(demandPattern([0, 0, NaN])).toBeNull();
    expect(demandPattern([])).toBeNull();
  });

  it('does not depend on the unit of the demand or on missing points', () => {
    const demand = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }), fc.constant(NaN)), { maxLength: 80 });
    fc.assert(
      fc.property(demand, fc.integer({ min: 2, max: 1000 }), (values, factor) => {
        const pattern = demandPattern(values);
        const scaled = demandPattern(values.map((v) => v * factor));
        expect(scaled?.class).toBe(pattern?.class);
        expect(demandPattern(values.filter((v) => !Number.isNaN(v)))?.class).toBe(pattern?.class);
      }),
      { numRuns: 300 },
    );
  });
});
