/** Candidate → dataset → a score relative to a reference (lower is better). */
export type Scores = Record<string, Record<string, number>>;

export const geomean = (v: number[]) => Math.exp(v.reduce((a, x) => a + Math.log(x), 0) / v.length);

/**
 * Leave one dataset out over `tuning` (the datasets every candidate has a score on): for each, the candidate best on
 * the others and its score on the one left out; and the candidate best over all of them. `candidates[0]` is today's.
 */
export function leaveOneOut(scores: Scores, tuning: string[], candidates: readonly string[]) {
  const over = (c: string, ds: string[]) => geomean(ds.map((d) => scores[c][d]));
  const best = (ds: string[]) => candidates.reduce((a, c) => (over(c, ds) < over(a, ds) ? c : a));
  const today = candidates[0];
  const folds = tuning.map((d) => {
    const chosen = best(tuning.filter((x) => x !== d));
    return { leftOut: d, chosen, score: scores[chosen][d], current: scores[today][d] };
  });
  const final = best(tuning);
  return { folds, final, finalScore: over(final, tuning), currentScore: over(today, tuning), over };
}
