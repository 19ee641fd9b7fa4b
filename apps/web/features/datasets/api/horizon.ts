import type { DatasetProfile, FrequencyUnit } from '@foretell/contracts';

/** The M4 competition's horizons per sampling unit; units M4 lacks get roughly an hour or a minute ahead. */
const M4_HORIZON: Record<FrequencyUnit, number> = {
  second: 60,
  minute: 60,
  hour: 48,
  day: 14,
  week: 13,
  month: 18,
  quarter: 8,
  year: 6,
};

/**
 * A sensible default horizon: the M4 one for the dataset's frequency, shortened when the shortest series could not
 * hold the backtest windows plus at least as much training history as it tests on.
 */
export function defaultHorizon(profile: Pick<DatasetProfile, 'frequency' | 'minLength'>, windows: number): number {
  const preferred = M4_HORIZON[profile.frequency.unit];
  const fits = Math.floor(profile.minLength / (2 * Math.max(1, windows)));
  return Math.max(1, Math.min(preferred, fits));
}
