import type { ModelKind } from '@foretell/contracts';

/**
 * CPU microseconds one fit + forecast of each kind takes per training point, with its default settings, measured
 * once on the reference machine (2 shared cores, TensorFlow.js WASM backend with SIMD, one thread) by
 *
 *   nice -n 19 node -r @swc-node/register bench/fit-cost.ts --series 7
 *
 * on 7 ETTh2 slices of 800 hours (5,264 training points, season 24, h = 48), 2026-12-04. The new-run form prices a
 * run with it until this installation has fitted the kind itself (then its own history wins). Neural models choose
 * their epochs from the data, so their cost grows less than linearly with the points: an order of magnitude.
 */
export const CALIBRATED_MICROSECONDS_PER_POINT: Record<ModelKind, number> = {
  naive: 0.15,
  seasonal_naive: 0.17,
  drift: 0.06,
  naive2: 1.59,
  ses: 2.22,
  holt: 9.22,
  damped: 4.14,
  theta: 2.53,
  auto_ets: 23.24,
  auto_arima: 80.0,
  croston: 0.59,
  sba: 0.12,
  tsb: 0.5,
  adida: 0.94,
  imapa: 0.85,
  auto_intermittent: 0.74,
  calendar_regression: 3.45,
  mstl: 11.81,
  nlinear: 218.65,
  dlinear: 308.74,
  lstm: 1906.12,
  gru: 1696.17,
  transformer: 7446.57,
  rnn_attention: 4058.73,
};
