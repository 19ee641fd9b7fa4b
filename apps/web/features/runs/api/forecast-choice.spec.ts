import type { LeaderboardEntry } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { leaderboardEntry } from '../testing/leaderboard-entry';
import { defaultForecastModels } from './forecast-choice';

const entry = (kind: LeaderboardEntry['kind'], rank: number | null, status: LeaderboardEntry['status'] = 'completed') =>
  leaderboardEntry({ kind, rank, status, recommended: rank === 1, progress: status === 'completed' ? 1 : 0.5 });



describe('defaultForecastModels', () => {
  it('shows the recommended model against the seasonal naive, not every model', () => {
    const entries = [entry('naive', 4), entry('seasonal_naive', 3), entry('theta', 2), entry('lstm', 1), entry('gru', 5)];
    expect(defaultForecastModels(entries)).toEqual(['lstm', 'seasonal_naive']);
  });

  it('shows the seasonal naive once when it is the recommended model', () => {
    expect(defaultForecastModels([entry('naive', 2), entry('seasonal_naive', 1)])).toEqual(['seasonal_naive']);
  });

  it('shows the recommended model alone when the run has no seasonal naive', () => {
    expect(defaultForecastModels([entry('naive', 2), entry('theta', 1)])).toEqual(['theta']);
  });

  it('shows the first finished model while the run trains and nothing is ranked yet', () => {
    const entries = [entry('lstm', null, 'running'), entry('theta', null), entry('naive', null)];
    expect(defaultForecastModels(entries)).toEqual(['theta']);
    expect(defaultForecastModels([entry('lstm', null, 'running')])).toEqual([]);
  });
});
