import type { RunModelKind } from '@foretell/contracts';

/** The history line: grey, so no model colour may be one. */
export const HISTORY_COLOUR = '#4b5563';

/**
 * One colour per model kind, the same on every chart and page (forecast, per-step error, cost, loss, runs over time,
 * saved models), so a model is recognised at a glance. The neural models, often compared with each other, get hues
 * far apart (red, orange, purple, pink, teal, navy); the baselines the recommended model is shown against are blue
 * (seasonal naive) and brown (naive). A record over every kind: a new kind without a colour fails the type check.
 */
export const MODEL_COLOURS: Record<RunModelKind, string> = {
  naive: '#8c564b',
  seasonal_naive: '#1f77b4',
  drift: '#6b8e23',
  naive2: '#a0785a',
  ses: '#17a2b8',
  holt: '#2ca02c',
  damped: '#3d7a3d',
  theta: '#b8860b',
  auto_ets: '#0d47a1',
  auto_arima: '#5e35b1',
  croston: '#00838f',
  sba: '#6d4c41',
  tsb: '#827717',
  adida: '#ad1457',
  imapa: '#4e342e',
  auto_intermittent: '#00695c',
  calendar_regression: '#9e9d24',
  mstl: '#283593',
  nlinear: '#00897b',
  dlinear: '#1a237e',
  lstm: '#d62728',
  gru: '#ff7f0e',
  transformer: '#7b1fa2',
  rnn_attention: '#e75480',
  ensemble: '#111827',
};

/** A model kind's colour; an unknown kind (from a newer API) gets a neutral dark blue rather than nothing. */
export function colourOf(kind: string): string {
  return (MODEL_COLOURS as Record<string, string>)[kind] ?? '#334155';
}

/** `#rrggbb` at an opacity, for interval bands. */
export function fade(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
