import { fillMissing } from '../../core/fill';
import type { ScaledCovariates } from './covariate-channels';

/**
 * Training data for a global window → horizon network: every series filled and z-scored with its own statistics,
 * and a pool of forecast origins (series, t) across all series. A window at origin t has inputs [t − L, t) and
 * targets [t, t + H); inputs reaching before a series' start repeat its first value. Batches are gathered on demand,
 * so a pool of hundreds of thousands of windows costs two integers each.
 */

/**
 * A series ready for the network: no NaN, float32, (value − mean) / std where `std` is the chosen scale; on the log
 * scale (`logShift` set) the value is log(y + logShift) first.
 */
export interface ScaledSeries {
  values: Float32Array;
  mean: number;
  std: number;
  logShift?: number;
  /** Covariate channels aligned with `values` (future ones may run past its end, over the forecast steps). */
  covariates?: ScaledCovariates;
}

/** Channels normalised per window (see normalizedForward): the target and the past covariates. */
export function measuredChannels(s: ScaledSeries | undefined): number {
  return 1 + (s?.covariates?.past.length ?? 0);
}

/** Input channels per step: the target, then past covariates, then future covariates. */
export function channelCount(s: ScaledSeries | undefined): number {
  const c = s?.covariates;
  return 1 + (c ? c.past.length + c.future.length : 0);
}

export type SeriesScaling = 'diff' | 'std';
/** The scale a network learns a series on (see `valueScale` in @foretell/contracts). */
export type ValueScale = 'linear' | 'log';

/** Scaled values below this many scales under the mean are cut there (a new 0 on a log scale would be −∞). */
const LOWEST_SCALED = -10;

/**
 * The shift c of log(y + c) for a series with no negative value: 0 when every value is positive, else its smallest
 * positive value (1 for counts), so the transform does not depend on the unit. Undefined (stay linear) otherwise.
 */
export function logShiftOf(values: ArrayLike<number>): number | undefined {
  let smallest = Infinity;
  let zeros = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0) return undefined;
    if (v === 0) zeros = true;
    else if (v < smallest) smallest = v;
  }
  if (smallest === Infinity) return undefined;
  return zeros ? smallest : 0;
}

/** A raw value in the series' scaled units. */
export function toScaled(v: number, s: Pick<ScaledSeries, 'mean' | 'std' | 'logShift'>): number {
  if (s.logShift === undefined) return (v - s.mean) / s.std;
  const shifted = v + s.logShift;
  return shifted > 0 ? Math.max(LOWEST_SCALED, (Math.log(shifted) - s.mean) / s.std) : LOWEST_SCALED;
}

/** A value in scaled units back on the series' own scale (the log scale's forecasts are never below 0). */
export function fromScaled(z: number, s: Pick<ScaledSeries, 'mean' | 'std' | 'logShift'>): number {
  const v = z * s.std + s.mean;
  return s.logShift === undefined ? v : Math.max(0, Math.exp(Math.min(v, 700)) - s.logShift);
}

/**
 * Fills gaps (linear inside, nearest value at the ends), takes log(y + c) on the log scale where the series allows
 * (logShiftOf), then centres on the mean and divides by a scale computed
 * on the first `statsEnd` points (the training part: validation targets do not leak into it):
 * - `diff`: the mean absolute one-step change, MASE's denominator, so a loss on scaled values weighs series as
 *   MASE does (a smooth trending series counts as much as a noisy one);
 * - `std`: the standard deviation (z-scores, as in the ETT protocol).
 * A scale of zero (a constant part) becomes 1.
 */
export function scaleSeries(raw: ArrayLike<number>, statsEnd = raw.length, scaling: SeriesScaling = 'std', scale: ValueScale = 'linear'): ScaledSeries {
  const linear = fillMissing(raw, 'linear').values;
  if (linear.length === 0 || Number.isNaN(linear[0])) {
    throw new RangeError('a series has no known value to learn or forecast from');
  }
  const logShift = scale === 'log' ? logShiftOf(linear.subarray(0, Math.max(1, statsEnd))) : undefined;
  const filled = logShift === undefined ? linear : linear.map((v) => Math.log(Math.max(0, v) + logShift));
  const end = Math.max(1, Math.min(statsEnd, filled.length));
  let mean = 0;
  for (let i = 0; i < end; i++) mean += filled[i];
  mean /= end;
  let spread = 0;
  if (scaling === 'diff') {
    for (let i = 1; i < end; i++) spread += Math.abs(filled[i] - filled[i - 1]);
    spread /= Math.max(1, end - 1);
  } else {
    for (let i = 0; i < end; i++) spread += (filled[i] - mean) ** 2;
    spread = Math.sqrt(spread / end);
  }
  const std = spread > 1e-8 * (1 + Math.abs(mean)) ? spread : 1;
  const values = new Float32Array(filled.length);
  if (logShift === undefined) {
    for (let i = 0; i < filled.length; i++) values[i] = (filled[i] - mean) / std;
    return { values, mean, std };
  }
  // On the log scale a 0 in the validation tail of a positive series is log(0) = −∞: cut, as toScaled cuts it.
  for (let i = 0; i < filled.length; i++) values[i] = Math.max(LOWEST_SCALED, (filled[i] - mean) / std);
  return { values, mean, std, logShift };
}

/** Origins of windows: parallel arrays of series index and origin t. */
export interface Origins {
  series: Int32Array;
  t: Int32Array;
  count: number;
}

export interface WindowPlan {
  inputSize: number;
  horizon: number;
  /** Points at the end of each series whose windows are validation targets only. */
  validation: number;
  /** Only the last this many training origins of each series. */
  recentWindows?: number;
}

export interface WindowPools {
  train: Origins;
  validation: Origins;
  /** Fewest real (unpadded) input points a window starts from. */
  minContext: number;
}

/**
 * Training origins: targets end before the validation part of their series. Validation origins: targets lie wholly
 * in it. Windows use a full input when every series is long enough for one; otherwise they may start from half an
 * input (padded), so short series still teach the network.
 */
export function planWindows(lengths: readonly number[], plan: WindowPlan): WindowPools {
  const { inputSize: L, horizon: H, validation: V } = plan;
  const allFull = lengths.every((n) => n - V - H >= L);
  const minContext = allFull ? L : Math.max(1, Math.ceil(L / 2));
  const train: [number, number][] = [];
  const val: [number, number][] = [];
  lengths.forEach((n, s) => {
    const lastTrain = n - V - H;
    const firstTrain = Math.max(minContext, plan.recentWindows ? lastTrain - plan.recentWindows + 1 : 0);
    for (let t = firstTrain; t <= lastTrain; t++) train.push([s, t]);
    if (V > 0) for (let t = Math.max(minContext, n - V); t <= n - H; t++) val.push([s, t]);
  });
  return { train: toOrigins(train), validation: toOrigins(val), minContext };
}

function toOrigins(pairs: [number, number][]): Origins {
  return {
    series: Int32Array.from(pairs, (p) => p[0]),
    t: Int32Array.from(pairs, (p) => p[1]),
    count: pairs.length,
  };
}

/** Evenly spaced subset of at most `max` origins (a cheap, deterministic validation sample). */
export function thinOrigins(o: Origins, max: number): Origins {
  if (o.count <= max) return o;
  const pick = Int32Array.from({ length: max }, (_, i) => Math.floor((i * o.count) / max));
  return { series: pick.map((i) => o.series[i]), t: pick.map((i) => o.t[i]), count: max };
}

/**
 * Inputs [count, L, channels] and targets [count, H] (row-major) of the windows `idx` picks out of `origins`
 * (every series has the same channels).
 */
export function gatherWindows(
  series: readonly ScaledSeries[],
  origins: Origins,
  idx: ArrayLike<number>,
  inputSize: number,
  horizon: number,
): { x: Float32Array; y: Float32Array } {
  const size = inputSize * channelCount(series[0]);
  const x = new Float32Array(idx.length * size);
  const y = new Float32Array(idx.length * horizon);
  for (let i = 0; i < idx.length; i++) {
    const w = idx[i];
    const s = series[origins.series[w]];
    const t = origins.t[w];
    writeWindow(s, t, inputSize, horizon, x, i * size);
    y.set(s.values.subarray(t, t + horizon), i * horizon);
  }
  return { x, y };
}

/**
 * The input window before `end` into out[at…] as [L, channels], row-major: the target and past covariates at steps
 * [end − L, end); future covariates H steps later, at [end − L + H, end + H), so that the window holds their values
 * over the H forecast steps (a window of L ≥ H sees all of them) and any network reads them like any other channel.
 * Steps before a channel's start repeat its first value, steps after its end its last one (filling from the past).
 */
export function writeWindow(s: ScaledSeries, end: number, inputSize: number, horizon: number, out: Float32Array, at: number): void {
  const c = s.covariates;
  if (!c) return writeInput(s.values, end, inputSize, out, at);
  const channels = channelCount(s);
  const read = (v: Float32Array, i: number) => v[i < 0 ? 0 : i >= v.length ? v.length - 1 : i];
  for (let j = 0; j < inputSize; j++) {
    const step = end - inputSize + j;
    let o = at + j * channels;
    out[o++] = read(s.values, step);
    for (const p of c.past) out[o++] = read(p, step);
    for (const f of c.future) out[o++] = read(f, step + horizon);
  }
}

/** The L points before `end` into out[at…], repeating the first point where the series is too short. */
export function writeInput(v: Float32Array, end: number, inputSize: number, out: Float32Array, at: number): void {
  const start = end - inputSize;
  if (start >= 0) {
    out.set(v.subarray(start, end), at);
    return;
  }
  out.fill(v[0], at, at - start);
  out.set(v.subarray(0, end), at - start);
}
