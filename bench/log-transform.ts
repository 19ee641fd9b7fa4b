/**
 * A candidate of issue 13's protocol (docs/ACCURACY.md): a deep model learns a non-negative series on a log scale,
 * log(y + c), and its forecasts are brought back with exp(z) − c. Errors then weigh relative to the level, as sMAPE
 * does: a miss of 10 at a trough of 20 counts as much as a miss of 300 at a peak of 600 (on the raw scale it counts
 * 30 times less). c is 0 for a positive series and its smallest positive value where it has zeros (1 for counts),
 * so the transform does not depend on the series' unit. Series with a negative value are left as they are. Done
 * around the engine, to measure the idea before building it into the models.
 */
import type { SeriesTransform } from './seasonal-residual';

export function logTransform(series: Float64Array): SeriesTransform {
  const known = Array.from(series).filter((v) => !Number.isNaN(v));
  const positives = known.filter((v) => v > 0);
  if (known.some((v) => v < 0) || positives.length === 0) {
    return { series, restore: (_origin, zhat) => Float64Array.from(zhat), shift: 0 };
  }
  const c = positives.length === known.length ? 0 : Math.min(...positives);
  return {
    series: series.map((v) => (Number.isNaN(v) ? v : Math.log(v + c))),
    restore: (_origin, zhat) => Float64Array.from(zhat, (z) => Math.max(0, Math.exp(z) - c)),
    shift: 0,
  };
}
