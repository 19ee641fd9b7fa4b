import type { SeriesCovariates } from '../../core/model';

/**
 * Covariates as extra input channels of a global network: each covariate of a series is z-scored with statistics of
 * that series' training part (as the target is), and gaps are filled from the past only — the last known value, or
 * the channel's mean (0 once scaled) before the first one — so a forecast never depends on a value after its origin.
 * Inside the network past covariates are also normalised per window like the target (normalizedForward); future
 * ones are not (a calendar or a plan means what its level says). Window layout: writeWindow in ./series-windows.
 */

export interface ChannelStats {
  mean: number;
  std: number;
}

/** Scaled channels of one series, cut to start at the same point as its target values. */
export interface ScaledCovariates {
  past: Float32Array[];
  future: Float32Array[];
  /** The statistics used, kept so later histories of the series are scaled the same way. */
  stats: { past: ChannelStats[]; future: ChannelStats[] };
}

/** Mean and std of the known values in [0, end); a channel without known values or spread gets 0 and 1. */
export function channelStats(raw: ArrayLike<number>, end: number): ChannelStats {
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < Math.min(end, raw.length); i++) {
    const v = raw[i];
    if (v !== v) continue;
    n++;
    sum += v;
    squares += v * v;
  }
  if (n === 0) return { mean: 0, std: 1 };
  const mean = sum / n;
  const spread = Math.sqrt(Math.max(0, squares / n - mean * mean));
  return { mean, std: spread > 1e-8 * (1 + Math.abs(mean)) ? spread : 1 };
}

/** raw[from…] scaled with `stats`, each gap taking the last known value before it (from the whole array). */
export function scaleChannel(raw: ArrayLike<number>, from: number, stats: ChannelStats): Float32Array {
  const out = new Float32Array(raw.length - from);
  let last = stats.mean;
  for (let i = from - 1; i >= 0; i--) {
    if (raw[i] === raw[i]) {
      last = raw[i];
      break;
    }
  }
  for (let i = from; i < raw.length; i++) {
    const v = raw[i];
    if (v === v) last = v;
    out[i - from] = (last - stats.mean) / stats.std;
  }
  return out;
}

/**
 * Channels of one series from index `from` on. Statistics come from `stats` (those of the fitted series) or else are
 * computed on [0, statsEnd).
 */
export function scaleCovariates(
  c: SeriesCovariates,
  statsEnd: number,
  from = 0,
  stats?: ScaledCovariates['stats'],
): ScaledCovariates {
  const used = stats ?? {
    past: c.past.map((p) => channelStats(p, statsEnd)),
    future: c.future.map((f) => channelStats(f, statsEnd)),
  };
  return {
    past: c.past.map((p, k) => scaleChannel(p, from, used.past[k])),
    future: c.future.map((f, k) => scaleChannel(f, from, used.future[k])),
    stats: used,
  };
}
