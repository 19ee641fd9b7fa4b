/**
 * Reference accuracy computed here from the raw CSV, independently of the engine, so the test checks the figures
 * the dashboard shows rather than only that some figure appears.
 */

/** sMAPE in percent (0..200), as in the M4 competition. */
function smape(actual: number[], forecast: number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    sum += (200 * Math.abs(actual[i] - forecast[i])) / (Math.abs(actual[i]) + Math.abs(forecast[i]));
  }
  return sum / actual.length;
}

type Forecaster = (train: number[], horizon: number) => number[];

export const naive: Forecaster = (train, h) => Array.from({ length: h }, () => train[train.length - 1]);

export function seasonalNaive(season: number): Forecaster {
  return (train, h) => Array.from({ length: h }, (_, i) => train[train.length - season + (i % season)]);
}

/** Mean sMAPE over rolling origins: the last `windows` cutoffs, `step` apart, each followed by `horizon` points. */
export function backtestSmape(y: number[], forecaster: Forecaster, horizon: number, windows: number, step: number): number {
  let total = 0;
  for (let w = 0; w < windows; w++) {
    const cutoff = y.length - horizon - (windows - 1 - w) * step;
    const train = y.slice(0, cutoff);
    total += smape(y.slice(cutoff, cutoff + horizon), forecaster(train, horizon));
  }
  return total / windows;
}

/** The value column of a two-column CSV with a header (the airline passengers file). */
export function valuesOf(csv: string): number[] {
  return csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => Number(line.split(',')[1]));
}
