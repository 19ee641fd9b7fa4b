import type { SeriesCovariates } from '@foretell/forecasting';
import type { CovariateColumns } from './cli-options';

interface Column {
  key: string;
  start: Date;
  values: Float64Array;
}

/**
 * Splits the columns of a wide file into targets and the covariates of each (every target gets the same ones; the
 * columns share one grid). With future covariates each target ends at its last known value, and the file must go on
 * for at least `horizon` rows after it: those rows give the future covariates over the forecast steps. Without them
 * the targets keep every row (trailing gaps are missing values, as without covariates). Throws a plain Error
 * describing the file's problem.
 */
export function splitCovariateColumns<S extends Column>(
  columns: readonly S[],
  roles: CovariateColumns,
  horizon: number,
): { targets: S[]; covariates: SeriesCovariates[] } {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const pick = (name: string) => {
    const column = byKey.get(name);
    if (!column) throw new Error(`column "${name}" is not a numeric column of the file`);
    return column;
  };
  const past = roles.past.map(pick);
  const future = roles.future.map(pick);
  const targets: S[] = [];
  const covariates: SeriesCovariates[] = [];
  for (const name of roles.target) {
    const target = pick(name);
    let end = target.values.length;
    if (future.length > 0) {
      while (end > 0 && Number.isNaN(target.values[end - 1])) end--;
      const after = target.values.length - end;
      if (after < horizon) {
        throw new Error(
          `--future-covariates need ${horizon} rows after the last value of "${name}" (its cells empty there, the ` +
            `covariates filled in) to give their values over the forecast; the file has ${after}`,
        );
      }
    }
    targets.push({ ...target, values: target.values.subarray(0, end) });
    covariates.push({
      past: past.map((c) => c.values.subarray(0, end)),
      future: future.map((c) => c.values.subarray(0, end + horizon)),
    });
  }
  return { targets, covariates };
}
