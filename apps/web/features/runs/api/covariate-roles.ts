import { kindsIgnoringCovariates, type CreateRunBody, type ModelKind } from '@foretell/contracts';
import { modelLabel } from './model-label';

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

/** The form's note on which chosen models forecast the targets alone (from the model catalogue); null if none. */
export function ignoringCovariatesNote(chosen: Iterable<ModelKind>): string | null {
  const names = kindsIgnoringCovariates(chosen).map(modelLabel);
  if (names.length === 0) return null;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? 'ignores' : 'ignore'} covariates and will forecast the targets alone.`;
}
