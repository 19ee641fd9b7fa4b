import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry } from '@foretell/contracts';
import { sortRows } from '../../ui/api/sort-rows';
import { leaderboardEntry } from '../testing/leaderboard-entry';
import { coverageGap, progressOf, runProgress, sortByRank, sortValue, type SortKey } from './leaderboard';


const entry = (runModelId: string, over: Partial<LeaderboardEntry> = {}) =>
  leaderboardEntry({ runModelId, status: 'running', progress: 0, ...over });

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

  it('counts a completed model as done and weighs models of one kind alike', () => {
    const live = new Map([['a', 0.5]]);
    const run = (leaderboard: LeaderboardEntry[]) => ({ leaderboard, backtest: { windows: 2, step: 1 } });
    expect(runProgress(run([entry('a'), entry('b', { status: 'completed', progress: 0.9 })]), live, 1000)).toBe(0.75);
    expect(runProgress(run([]), live)).toBe(0);
  });

  it('weighs each model by its expected cost: a Transformer half done among finished cheap models is half the run', () => {
    const cheap = ['naive', 'seasonal_naive', 'theta', 'ses', 'damped'] as const;
    const leaderboard = [...cheap.map((kind) => entry(kind, { kind, status: 'completed' })), entry('t', { kind: 'transformer', progress: 0.53 })];
    const overall = runProgress({ leaderboard, backtest: { windows: 3, step: 1 } }, new Map(), 40 * 800);
    // The mean of the models' fractions would say 92%.
    expect(overall).toBeGreaterThan(0.53);
    expect(overall).toBeLessThan(0.56);
  });
});

describe('leaderboard sorting (rank order, then a column as the table sorts it)', () => {
  const a = entry('a', { rank: 2, status: 'completed', metrics: { mae: null, rmse: null, smape: 10, mase: 0.9 }, fitSeconds: 5, backend: 'wasm', coverage: { '80': 0.7, '95': 0.9 } });
  const b = entry('b', { rank: 1, status: 'completed', metrics: { mae: null, rmse: null, smape: 8, mase: 1.1 }, fitSeconds: 50, backend: 'cpu', coverage: { '80': 0.79, '95': 0.96 } });
  const c = entry('c', { status: 'running' });
  const d = entry('d', {
    rank: 3,
    status: 'completed',
    metrics: { mae: null, rmse: null, smape: 12, mase: 1.0 },
    fitSeconds: 1,
    backend: 'cpu',
    report: { epochs: 10, maxEpochs: 10, members: 1, parameterCount: 1234, curve: [] },
  });
  const ids = (key: SortKey, descending = false) => sortRows(sortByRank([c, a, b, d]), (e) => sortValue(e, key, [80, 95]), descending).map((e) => e.runModelId);

  it('sorts by any metric either way and keeps models without a value last', () => {
    expect(ids('smape')).toEqual(['b', 'a', 'd', 'c']);
    expect(ids('smape', true)).toEqual(['d', 'a', 'b', 'c']);
    expect(ids('mase')).toEqual(['a', 'd', 'b', 'c']);
    expect(ids('fitSeconds')).toEqual(['d', 'a', 'b', 'c']);
    expect(ids('rank')).toEqual(['b', 'a', 'd', 'c']);
  });

  it('sorts coverage by its distance from the promised levels', () => {
    // b: (0.01 + 0.01) / 2; a: (0.1 + 0.05) / 2; d has none.
    expect(coverageGap(b, [80, 95])).toBeCloseTo(0.01);
    // Without a value, d and c keep the rank order after them.
    expect(ids('coverage')).toEqual(['b', 'a', 'd', 'c']);
  });

  it('sorts parameters (neural models only) and backends by name, ties by rank', () => {
    expect(ids('parameters')).toEqual(['d', 'b', 'a', 'c']);
    expect(ids('backend')).toEqual(['b', 'd', 'a', 'c']);
  });
});
