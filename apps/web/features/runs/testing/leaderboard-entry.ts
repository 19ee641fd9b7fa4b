import type { LeaderboardEntry, Run } from '@foretell/contracts';

/** A leaderboard row for tests: a finished naive model with nothing measured, changed by `over`. */
export function leaderboardEntry(over: Partial<LeaderboardEntry> = {}): LeaderboardEntry {
  return {
    runModelId: over.kind ?? 'naive',
    kind: 'naive',
    params: {},
    status: 'completed',
    rank: null,
    metrics: null,
    progress: 1,
    fitSeconds: null,
    predictSeconds: null,
    backend: null,
    perStep: null,
    coverage: null,
    warnings: [],
    datasetVersion: null,
    error: null,
    ...over,
  };
}

/** A run for tests: completed, manual, one backtest window of 12, with `leaderboard`, changed by `over`. */
export function runWith(leaderboard: LeaderboardEntry[], over: Partial<Run> = {}): Run {
  return {
    id: 'r',
    datasetId: 'd',
    status: 'completed',
    horizon: 12,
    season: 12,
    backtest: { windows: 1, step: 12 },
    seed: 1,
    levels: [80, 95],
    covariates: null,
    trigger: 'manual',
    scheduleId: null,
    datasetVersion: 1,
    comparison: null,
    championDecision: null,
    error: null,
    createdAt: '2024-01-01T00:00:00Z',
    startedAt: null,
    finishedAt: null,
    leaderboard,
    ...over,
  };
}
