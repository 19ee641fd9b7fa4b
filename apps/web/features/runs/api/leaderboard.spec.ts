import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry } from '@foretell/contracts';
import { progressOf, runProgress, sortByRank } from './leaderboard';

function entry(runModelId: string, over: Partial<LeaderboardEntry> = {}): LeaderboardEntry {
  return {
    runModelId,
    kind: 'naive',
    params: {},
    status: 'running',
    rank: null,
    metrics: null,
    progress: 0,
    fitSeconds: null,
    predictSeconds: null,
    backend: null,
    perStep: null,
    coverage: null,
    warnings: [],
    error: null,
    ...over,
  };
}

describe('sortByRank', () => {
  it('puts ranked models first, best rank first, and keeps the order of unranked ones', () => {
    const sorted = sortByRank([
      entry('a'),
      entry('b', { rank: 2, status: 'completed' }),
      entry('c', { status: 'failed' }),
      entry('d', { rank: 1, status: 'completed' }),
    ]);
    expect(sorted.map((e) => e.runModelId)).toEqual(['d', 'b', 'a', 'c']);
  });
});

describe('progress', () => {
  it('prefers the live fraction of a training model but never goes backwards', () => {
    const live = new Map([['a', 0.6]]);
    expect(progressOf(entry('a', { progress: 0.2 }), live)).toBe(0.6);
    expect(progressOf(entry('a', { progress: 0.8 }), live)).toBe(0.8);
  });

  it('counts a completed model as done and averages over the run', () => {
    const live = new Map([['a', 0.5]]);
    expect(runProgress([entry('a'), entry('b', { status: 'completed', progress: 0.9 })], live)).toBe(0.75);
    expect(runProgress([], live)).toBe(0);
  });
});
