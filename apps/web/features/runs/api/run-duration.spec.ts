import { describe, expect, it } from 'vitest';
import { formatElapsed } from '../../../lib/format';
import { runDurationSeconds } from './run-duration';

describe('runDurationSeconds', () => {
  const startedAt = '2026-01-01T10:00:00.000Z';

  it('counts from the start to the end of a finished run, whatever the time now', () => {
    expect(runDurationSeconds({ startedAt, finishedAt: '2026-01-01T10:02:05.500Z' }, Date.parse('2030-01-01'))).toBe(125.5);
  });

  it('counts to now while the run works, and is unknown before it starts', () => {
    expect(runDurationSeconds({ startedAt, finishedAt: null }, Date.parse('2026-01-01T10:00:42Z'))).toBe(42);
    expect(runDurationSeconds({ startedAt: null, finishedAt: null }, Date.now())).toBeNull();
    expect(runDurationSeconds({ startedAt: null, finishedAt: '2026-01-01T10:00:00Z' }, Date.now())).toBeNull();
  });
});

describe('formatElapsed', () => {
  it('says seconds, minutes or hours as the span needs', () => {
    expect(formatElapsed(48.4)).toBe('48 s');
    // A run of baselines ends within the second it started: "0 s" would read as no time at all.
    expect(formatElapsed(0.3)).toBe('under 1 s');
    expect(formatElapsed(0)).toBe('under 1 s');
    expect(formatElapsed(0.6)).toBe('1 s');
    expect(formatElapsed(185)).toBe('3 min 05 s');
    expect(formatElapsed(2 * 3600 + 14 * 60 + 9)).toBe('2 h 14 min');
    expect(formatElapsed(null)).toBe('—');
    expect(formatElapsed(-1)).toBe('—');
  });
});
