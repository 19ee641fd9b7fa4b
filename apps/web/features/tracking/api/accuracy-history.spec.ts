import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry, Run, RunComparison } from '@foretell/contracts';
import { leaderboardEntry, runWith } from '../../runs/testing/leaderboard-entry';
import { accuracyHistory, comparableHistory, describeDecision } from './accuracy-history';

const entry = (kind: LeaderboardEntry['kind'], rank: number | null, mase: number | null) =>
  leaderboardEntry({
    runModelId: `${kind}-${rank}`,
    kind,
    rank,
    metrics: mase === null ? null : ({ smape: 1, mase, rmse: 1, mae: 1 } as LeaderboardEntry['metrics']),
    fitSeconds: 1,
    predictSeconds: 0,
  });


const run = (id: string, finishedAt: string, leaderboard: LeaderboardEntry[], extra: Partial<Run> = {}): Run =>
  runWith(leaderboard, { id, createdAt: finishedAt, startedAt: finishedAt, finishedAt, ...extra });

describe('accuracyHistory', () => {
  it('orders completed runs by time and keeps each kind’s best MASE', () => {
    const { kinds, points } = accuracyHistory([
      run('b', '2025-01-02T00:00:00Z', [entry('naive', 1, 0.9)]),
      run('a', '2025-01-01T00:00:00Z', [entry('theta', 1, 0.8), entry('naive', 2, 1.2), entry('naive', 3, 1.1)]),
      run('c', '2025-01-03T00:00:00Z', [entry('naive', null, null)], { status: 'failed' }),
    ]);
    expect(kinds).toEqual(['naive', 'theta']);
    expect(points.map((p) => p.runId)).toEqual(['a', 'b']);
    expect(points[0].mase).toEqual({ theta: 0.8, naive: 1.1 });
    expect(points.map((p) => [p.champion, p.championMase])).toEqual([['theta', 0.8], ['naive', 0.9]]);
  });

  it('never marks a change for a run none of whose models ranked (stored before it recorded a decision)', () => {
    const { points } = accuracyHistory([
      run('a', '2025-01-01T00:00:00Z', [entry('theta', 1, 0.8)]),
      run('b', '2025-01-02T00:00:00Z', [entry('seasonal_naive', null, null)]),
    ]);
    expect(points.map((p) => [p.champion, p.championChanged])).toEqual([['theta', false], [null, false]]);
  });

  it('marks champion changes against the previous run, and takes drift from a scheduled run’s comparison', () => {
    const comparison: RunComparison = {
      previousRunId: 'b',
      champion: { runModelId: 'x', kind: 'naive', mase: 1.4 },
      previousChampion: { kind: 'naive', mase: 0.9, maseNow: 1.4 },
      change: 0.5556,
      threshold: 0.2,
      drifted: true,
      championChanged: false,
      comparable: true,
      reason: null,
    };
    const { points } = accuracyHistory([
      run('a', '2025-01-01T00:00:00Z', [entry('theta', 1, 0.8)]),
      run('b', '2025-01-02T00:00:00Z', [entry('naive', 1, 0.9)]),
      run('c', '2025-01-03T00:00:00Z', [entry('naive', 1, 1.4)], { trigger: 'schedule', comparison }),
    ]);
    expect(points.map((p) => [p.championChanged, p.drifted])).toEqual([
      [false, false],
      [true, false],
      [false, true],
    ]);
    expect(points[2].change).toBeCloseTo(0.5556);
  });

  it('says why each run\'s best model became the champion or did not, from the decision the run recorded', () => {
    const kept = {
      decision: 'kept' as const,
      comparable: false,
      reason: "the backtest differs from the champion's (windows 3 vs 1), so their errors are not comparable",
      candidate: null,
      previous: null,
      previousMaseInRun: null,
    };
    const { points } = accuracyHistory([
      run('a', '2025-01-01T00:00:00Z', [entry('theta', 1, 0.8)], { championDecision: { ...kept, decision: 'first', comparable: true, reason: 'the dataset had no champion' } }),
      run('b', '2025-01-02T00:00:00Z', [entry('naive', 1, 0.7)], { championDecision: kept }),
      run('c', '2025-01-03T00:00:00Z', [entry('naive', 1, 0.7)]),
    ]);
    expect(points.map((p) => p.decision?.decision ?? null)).toEqual(['first', 'kept', null]);
    const [firstDecision, keptDecision] = points.map((p) => p.decision ?? { decision: 'kept' as const, reason: 'missing' });
    expect(describeDecision(keptDecision)).toBe(
      "Champion kept: the backtest differs from the champion's (windows 3 vs 1), so their errors are not comparable.",
    );
    expect(describeDecision(firstDecision)).toBe('First champion: the dataset had no champion.');
  });

  it('keeps runs of different backtests apart: the chart draws one backtest, the latest run\'s first', () => {
    const { points, backtests } = accuracyHistory([
      run('a', '2025-01-01T00:00:00Z', [entry('theta', 1, 0.8)]),
      run('b', '2025-01-02T00:00:00Z', [entry('naive', 1, 1.6), entry('theta', 2, 1.9)], { horizon: 24, backtest: { windows: 3, step: 12 } }),
      run('c', '2025-01-03T00:00:00Z', [entry('theta', 1, 0.7)]),
    ]);
    expect(backtests).toEqual(['horizon 12, 1 window, season 12', 'horizon 24, 3 windows 12 apart, season 12']);
    expect(comparableHistory(points, backtests[0]!)).toEqual({ kinds: ['theta'], points: [points[0], points[2]] });
    expect(comparableHistory(points, backtests[1]!).points.map((p) => p.runId)).toEqual(['b']);
    expect(comparableHistory(points, backtests[1]!).kinds).toEqual(['naive', 'theta']);
  });

  it('charts first the latest backtest with an error to draw, not a later run with nothing scored', () => {
    const { backtests } = accuracyHistory([
      run('a', '2025-01-01T00:00:00Z', [entry('theta', 1, 0.8)]),
      run('b', '2025-01-02T00:00:00Z', [entry('seasonal_naive', null, null)], { season: 10_000 }),
    ]);
    expect(backtests).toEqual(['horizon 12, 1 window, season 12', 'horizon 12, 1 window, season 10000']);
  });

  it('marks a champion change only where the run\'s decision says the champion changed, not where a schedule\'s best model did', () => {
    const decision = (verdict: 'first' | 'kept' | 'replaced') => ({
      decision: verdict, comparable: verdict !== 'kept', reason: 'why', candidate: null, previous: null, previousMaseInRun: null,
    });
    const comparison: RunComparison = {
      previousRunId: 'a', champion: { runModelId: 'x', kind: 'naive2', mase: 1 }, previousChampion: { kind: 'seasonal_naive', mase: 1, maseNow: 1 },
      change: 0, threshold: 0.2, drifted: false, championChanged: true, comparable: false, reason: null,
    };
    const { points } = accuracyHistory([
      run('a', '2025-01-01T00:00:00Z', [entry('theta', 1, 0.8)], { championDecision: decision('first') }),
      run('b', '2025-01-02T00:00:00Z', [entry('naive2', 1, 0.9)], { trigger: 'schedule', comparison, championDecision: decision('kept') }),
      run('c', '2025-01-03T00:00:00Z', [entry('naive', 1, 0.7)], { championDecision: decision('replaced') }),
    ]);
    expect(points.map((p) => p.championChanged)).toEqual([true, false, true]);
  });
});
