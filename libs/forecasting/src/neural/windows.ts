import type { WindowSet } from './trainer';

/**
 * Sliding windows over one series: inputs of `steps` values, targets of the next `horizon`, starting every `stride`
 * values, for window starts in [from, to) (targets must end by `values.length`). Windows touching a NaN are skipped.
 */
export function slidingWindows(
  values: ArrayLike<number>,
  steps: number,
  horizon: number,
  options: { from?: number; to?: number; stride?: number } = {},
): WindowSet {
  const stride = options.stride ?? 1;
  const from = options.from ?? 0;
  const to = Math.min(options.to ?? values.length, values.length - steps - horizon + 1);
  const starts: number[] = [];
  for (let s = from; s < to; s += stride) {
    let ok = true;
    for (let i = s; i < s + steps + horizon && ok; i++) ok = Number.isFinite(values[i]);
    if (ok) starts.push(s);
  }
  const x = new Float32Array(starts.length * steps);
  const y = new Float32Array(starts.length * horizon);
  starts.forEach((s, w) => {
    for (let i = 0; i < steps; i++) x[w * steps + i] = values[s + i];
    for (let i = 0; i < horizon; i++) y[w * horizon + i] = values[s + steps + i];
  });
  return { x, y, count: starts.length, steps, features: 1, horizon };
}
