/** Training points before a backtest's first cutoff, at the least: the engine fits nothing on fewer. */
export const MIN_TRAIN_POINTS = 2;

/** The points a series holds for a run's rolling backtest: held out (scored), to train on before them, in all. */
export interface BacktestLength {
  heldOut: number;
  train: number;
  needed: number;
}

/**
 * How long a series must be for a run's rolling backtest — the one rule the API and the run forms use: the held-out
 * points (the last window's horizon and a step, by default the horizon, per earlier window) and at least
 * MIN_TRAIN_POINTS before them. The API refuses a run no series of its dataset is this long; the forms say so first.
 */
export function backtestLength({ horizon, windows, step = horizon }: { horizon: number; windows: number; step?: number }): BacktestLength {
  const heldOut = horizon + step * (windows - 1);
  return { heldOut, train: MIN_TRAIN_POINTS, needed: heldOut + MIN_TRAIN_POINTS };
}
