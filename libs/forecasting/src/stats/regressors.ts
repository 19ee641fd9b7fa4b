/** Future covariates as the statistical models read them: regressors aligned with a series. */
import { CovariatesError } from '../core/covariates';

/** Regressor columns without gaps (a missing value carries the last known one, 0 before any): models read them as is. */
export function cleanRegressors(columns: readonly Float64Array[]): Float64Array[] {
  return columns.map((c) => {
    const out = Float64Array.from(c);
    let last = 0;
    for (let i = 0; i < out.length; i++) {
      if (Number.isFinite(out[i])) last = out[i];
      else out[i] = last;
    }
    return out;
  });
}

/** The last `count` values of each column: regressors are aligned by their end (the forecast's last step). */
export function regressorTails(columns: readonly Float64Array[] | undefined, count: number, kind: string): Float64Array[] {
  if (!columns) throw new CovariatesError(`${kind} was fitted with future covariates and needs them to forecast`);
  return cleanRegressors(
    columns.map((c, j) => {
      if (c.length < count) throw new CovariatesError(`${kind}: future covariate ${j} has ${c.length} values, needs ${count}`);
      return c.subarray(c.length - count);
    }),
  );
}
