import type { LeaderboardEntry, RunModelKind } from '@foretell/contracts';
import { sortByRank } from './leaderboard';

/** The baseline every model is read against: a model that cannot beat it adds nothing. */
export const BASELINE: RunModelKind = 'seasonal_naive';

/** How many models the forecast chart draws by default, so its legend and tooltip stay readable. */
export const MAX_DEFAULT = 2;

/**
 * The models the forecast chart shows before anyone chooses: the recommended one (rank 1) against the seasonal naive
 * when the run has it; before anything is ranked, the first model that finished. Best first.
 */
export function defaultForecastModels(entries: readonly LeaderboardEntry[]): RunModelKind[] {
  const done = sortByRank(entries.filter((e) => e.status === 'completed'));
  const picked = done.find((e) => e.recommended) ?? done[0];
  const kinds = [picked?.kind, done.find((e) => e.kind === BASELINE)?.kind].filter((k): k is RunModelKind => k !== undefined);
  return [...new Set(kinds)].slice(0, MAX_DEFAULT);
}
