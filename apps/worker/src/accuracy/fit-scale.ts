import { maseScale } from '@foretell/forecasting';

/** The MASE denominator a forecast's live errors are scaled by: the fitted history's, as its backtest's; null where undefined. */
export function fitMaseScale(history: ArrayLike<number>, season: number): number | null {
  const scale = maseScale(history, season);
  return Number.isFinite(scale) ? scale : null;
}
