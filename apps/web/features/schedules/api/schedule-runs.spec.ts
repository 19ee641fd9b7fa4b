import { describe, expect, it } from 'vitest';
import { isBusy, latestRunBySchedule, nextRunState } from './schedule-runs';

const run = (id: string, scheduleId: string | null, createdAt: string, status: 'queued' | 'completed' | 'failed' = 'completed') => ({
  id,
  scheduleId,
  createdAt,
  status,
  finishedAt: null,
  error: null,
});

describe('latestRunBySchedule', () => {
  it('keeps each schedule’s newest run, whatever order the runs come in, and ignores manual runs', () => {
    const latest = latestRunBySchedule([
      run('old', 's1', '2026-01-01T00:00:00Z'),
      run('manual', null, '2026-03-01T00:00:00Z'),
      run('new', 's1', '2026-02-01T00:00:00Z', 'failed'),
      run('other', 's2', '2026-01-15T00:00:00Z', 'queued'),
      run('older', 's1', '2025-12-01T00:00:00Z'),
    ]);
    expect([...latest].map(([s, r]) => [s, r.id, r.status])).toEqual([
      ['s1', 'new', 'failed'],
      ['s2', 'other', 'queued'],
    ]);
    expect(isBusy(latest.get('s2'))).toBe(true);
    expect(isBusy(latest.get('s1'))).toBe(false);
  });
});

describe('nextRunState', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  it('says "due" rather than showing a time already past, and nothing while paused', () => {
    expect(nextRunState({ paused: false, nextRunAt: '2026-06-01T11:59:00Z' }, now)).toEqual({ kind: 'due' });
    expect(nextRunState({ paused: false, nextRunAt: '2026-06-01T13:00:00Z' }, now)).toEqual({ kind: 'at', at: '2026-06-01T13:00:00Z' });
    expect(nextRunState({ paused: true, nextRunAt: '2026-06-01T13:00:00Z' }, now)).toEqual({ kind: 'paused' });
    expect(nextRunState({ paused: false, nextRunAt: null }, now)).toEqual({ kind: 'unknown' });
  });
});
