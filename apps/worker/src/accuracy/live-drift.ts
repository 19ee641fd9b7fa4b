import type { LiveDriftFigures, SeriesLiveAccuracy } from '@foretell/contracts';
import { maseFigure as figure } from '../schedules/backtest-protocol';

/** At most this many drifted series are named in a decision (worst first). */
const NAMED_SERIES = 20;

export interface JudgedModel {
  runId: string;
  runModelId: string;
  kind: string;
  /** Its backtest MASE over the dataset (mean over series). */
  promisedMase: number | null;
}

export interface LiveDriftSettings {
  margin: number;
  minPoints: number;
}

/**
 * Live drift: the model's live MASE beyond its backtest MASE by more than `margin` (relative: 0.5 = 50% worse) over at
 * least `minPoints` scored points — over the dataset (the mean of the series' live MASE against the backtest's mean,
 * over all their points), or for any one series against its own backtest MASE over its own points. Figures too few
 * or without a MASE (a constant history has no scale) decide nothing, and the reason says so.
 */
export function judgeLiveDrift(
  model: JudgedModel,
  series: readonly Pick<SeriesLiveAccuracy, 'key' | 'promised' | 'live'>[],
  { margin, minPoints }: LiveDriftSettings,
): { drifted: boolean; figures: LiveDriftFigures } {
  const liveOf = series.flatMap((s) => (s.live.mase === null ? [] : [s.live.mase]));
  const points = series.reduce((sum, s) => sum + s.live.points, 0);
  const liveMase = liveOf.length ? liveOf.reduce((a, b) => a + b, 0) / liveOf.length : null;
  const beyond = (live: number, promised: number) => live > promised * (1 + margin);
  const driftedSeries = series
    .flatMap(({ key, live, promised }) =>
      live.mase !== null && promised.mase !== null && live.points >= minPoints && beyond(live.mase, promised.mase)
        ? [{ key, points: live.points, liveMase: live.mase, promisedMase: promised.mase }]
        : [],
    )
    .sort((a, b) => b.liveMase / b.promisedMase - a.liveMase / a.promisedMase);
  let datasetDrifted = false;
  let reason: string;
  if (model.promisedMase === null || liveMase === null) {
    reason = `no MASE to compare (backtest ${figure(model.promisedMase)}, live ${figure(liveMase)})`;
  } else {
    datasetDrifted = points >= minPoints && beyond(liveMase, model.promisedMase);
    const overall = `live MASE ${figure(liveMase)} against the backtest's ${figure(model.promisedMase)} (drift above ${figure(model.promisedMase * (1 + margin))}) over ${points} point(s)`;
    reason = datasetDrifted
      ? `${overall}: beyond the ${margin * 100}% margin`
      : points < minPoints
        ? `${overall}: too few points to judge (at least ${minPoints})`
        : `${overall}: within the ${margin * 100}% margin`;
  }
  const [worst] = driftedSeries;
  if (worst) {
    reason += `; ${driftedSeries.length} series beyond the margin, worst "${worst.key}": live MASE ${figure(worst.liveMase)} against ${figure(worst.promisedMase)} over ${worst.points} point(s)`;
  }
  return {
    drifted: datasetDrifted || driftedSeries.length > 0,
    figures: {
      runId: model.runId,
      runModelId: model.runModelId,
      kind: model.kind,
      promisedMase: model.promisedMase,
      liveMase,
      points,
      margin,
      minPoints,
      driftedSeries: driftedSeries.slice(0, NAMED_SERIES),
      reason,
      action: null,
    },
  };
}
