import { describe, expect, it } from 'vitest';
import { moveActive } from './list-navigation';

describe('moveActive', () => {
  it('moves within the list and stops at its ends', () => {
    expect(moveActive(-1, 'ArrowDown', 5)).toBe(0);
    expect(moveActive(4, 'ArrowDown', 5)).toBe(4);
    expect(moveActive(0, 'ArrowUp', 5)).toBe(0);
    expect(moveActive(2, 'Home', 5)).toBe(0);
    expect(moveActive(2, 'End', 5)).toBe(4);
    expect(moveActive(1, 'PageDown', 50)).toBe(11);
    expect(moveActive(3, 'PageUp', 50)).toBe(0);
  });

  it('ignores other keys and empty lists', () => {
    expect(moveActive(1, 'a', 5)).toBeNull();
    expect(moveActive(0, 'ArrowDown', 0)).toBeNull();
  });
});
