import type { SeriesCovariates } from './model';

/** How many past and future covariates each series has (the same for every series of a call). */
export interface CovariateCounts {
  past: number;
  future: number;
}

/** Covariates that do not fit their series or the model: bad input, never worth retrying. */
export class CovariatesError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CovariatesError';
  }
}

/** No covariates at all (none given, or every series with empty lists). */
export function hasCovariates(covariates: readonly SeriesCovariates[] | undefined): covariates is readonly SeriesCovariates[] {
  return covariates !== undefined && covariates.some((c) => c.past.length > 0 || c.future.length > 0);
}

/**
 * The covariates as known at an origin `end`: past ones up to it, future ones up to `end + ahead` (ahead = 0 at fit
 * time, the horizon at forecast time). Views, no copies.
 */
export function covariatesAt(c: SeriesCovariates, end: number, ahead: number): SeriesCovariates {
  return { past: c.past.map((p) => p.subarray(0, end)), future: c.future.map((f) => f.subarray(0, end + ahead)) };
}

/**
 * Checks covariates against their series: one entry per series, the same counts everywhere, past ones as long as
 * their series and future ones `ahead` steps longer. Returns the counts.
 */
export function checkCovariates(
  covariates: readonly SeriesCovariates[],
  lengths: readonly number[],
  ahead: number,
): CovariateCounts {
  if (covariates.length !== lengths.length) {
    throw new CovariatesError(`covariates are given for ${covariates.length} series, expected one entry per series (${lengths.length})`);
  }
  const counts = { past: covariates[0]?.past.length ?? 0, future: covariates[0]?.future.length ?? 0 };
  covariates.forEach((c, i) => {
    if (c.past.length !== counts.past || c.future.length !== counts.future) {
      throw new CovariatesError(
        `series ${i} has ${c.past.length} past and ${c.future.length} future covariates, series 0 has ` +
          `${counts.past} and ${counts.future}: every series needs the same ones`,
      );
    }
    const check = (kind: 'past' | 'future', values: readonly Float64Array[], want: number) =>
      values.forEach((v, k) => {
        if (v.length !== want) {
          const rule = kind === 'past' ? 'as long as the series' : `the series' length plus ${ahead} steps`;
          throw new CovariatesError(`${kind} covariate ${k} of series ${i} has ${v.length} values, expected ${want} (${rule})`);
        }
      });
    check('past', c.past, lengths[i]);
    check('future', c.future, lengths[i] + ahead);
  });
  return counts;
}
