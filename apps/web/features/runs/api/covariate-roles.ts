import type { CreateRunBody } from '@foretell/contracts';

export const SERIES_ROLES = ['target', 'past', 'future', 'unused'] as const;
export type SeriesRole = (typeof SERIES_ROLES)[number];

export const ROLE_LABELS: Record<SeriesRole, string> = {
  target: 'Forecast',
  past: 'Past covariate',
  future: 'Future covariate',
  unused: 'Not used',
};

/**
 * The run's `covariates` from a role per series (unset = forecast). Without any covariate the run forecasts every
 * series it is given: nothing is sent, as before covariates existed.
 */
export function covariatesFromRoles(series: readonly string[], roles: Readonly<Record<string, SeriesRole>>): CreateRunBody['covariates'] {
  const of = (role: SeriesRole) => series.filter((key) => (roles[key] ?? 'target') === role);
  const past = of('past');
  const future = of('future');
  if (past.length + future.length === 0 && of('unused').length === 0) return undefined;
  return { target: of('target'), past, future };
}
