import { describe, expect, it } from 'vitest';
import { frequencyLabel, seasonFor } from './frequency';

describe('seasonFor', () => {
  it('uses the M4 seasonal periods', () => {
    expect(seasonFor({ unit: 'hour', step: 1 })).toBe(24);
    expect(seasonFor({ unit: 'week', step: 1 })).toBe(1);
    expect(seasonFor({ unit: 'month', step: 1 })).toBe(12);
    expect(seasonFor({ unit: 'quarter', step: 1 })).toBe(4);
  });
  it('has no default season for multi-unit steps', () => {
    expect(seasonFor({ unit: 'minute', step: 15 })).toBe(1);
    expect(frequencyLabel({ unit: 'minute', step: 15 })).toBe('15min');
  });
});
