import type { LeaderboardEntry } from '@foretell/contracts';

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
