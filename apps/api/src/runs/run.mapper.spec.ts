import { WORSE_THAN_SEASONAL_NAIVE } from '@foretell/contracts';
import type { RunModel as RunModelRow } from '@foretell/db';
import { describe, expect, it } from 'vitest';
import { toLeaderboardEntry } from './run.mapper';

const row = (rank: number | null, warnings: string[]) =>
  ({
    id: 'm1',
    kind: 'transformer',
    params: {},
    status: 'completed',
    rank,
    metrics: null,
    progress: 1,
    progressDetail: null,
    fitSeconds: 1,
    predictSeconds: 1,
    backend: null,
    perStep: null,
    coverage: null,
    warnings,
    report: null,
    datasetVersion: 1,
    error: null,
  }) as unknown as RunModelRow;

describe('the row to pick', () => {
  it('is the best by backtest, unless that one does worse than seasonal naive (its own warning says to pick that)', () => {
    expect(toLeaderboardEntry(row(1, [])).recommended).toBe(true);
    expect(toLeaderboardEntry(row(2, [])).recommended).toBe(false);
    const worse = `${WORSE_THAN_SEASONAL_NAIVE} (MASE 1.773 vs 1.145): seasonal naive is the safer choice for these series`;
    expect(toLeaderboardEntry(row(1, [worse])).recommended).toBe(false);
  });
});
