/**
 * Which origins (cutoffs) a backtest forecasts from. A cutoff c means: train on points [0, c), forecast [c, c+h).
 * Every model evaluated with the same plan on the same series gets the same cutoffs.
 */
export type BacktestPlan = RollingPlan | FixedRangePlan;

/** The last `windows` origins, `step` points apart, the last one h points before the series ends. */
export interface RollingPlan {
  windows: number;
  step: number;
  /** Refit at every origin (default). `false`: fit once at the first origin, then only forecast from later ones. */
  refit?: boolean;
}

/**
 * Every origin in a fixed test range (0-based point indices, as in the published splits of ETT and similar sets):
 * forecasts cover [testStart, testEnd), origins `stride` apart. E.g. ETTh2's test split is
 * `{ testStart: 11520, testEnd: 14400, stride: 1, trainEnd: 8640, refit: false }`.
 */
export interface FixedRangePlan {
  testStart: number;
  /** Exclusive; default: the end of the series. */
  testEnd?: number;
  stride?: number;
  /** Without refitting, the model is fitted once on [0, trainEnd) (default testStart). */
  trainEnd?: number;
  refit?: boolean;
}

export function isFixedRange(plan: BacktestPlan): plan is FixedRangePlan {
  return 'testStart' in plan;
}

export function validatePlan(plan: BacktestPlan, horizon: number): void {
  const positive = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw new RangeError(`backtest ${name} must be a positive integer, got ${v}`);
    }
  };
  if (isFixedRange(plan)) {
    if (!(Number.isInteger(plan.testStart) && plan.testStart >= 1)) {
      throw new RangeError(`backtest testStart must be a positive integer (a point index), got ${plan.testStart}`);
    }
    positive('stride', plan.stride);
    if (plan.testEnd !== undefined && !(Number.isInteger(plan.testEnd) && plan.testEnd >= plan.testStart + horizon)) {
      throw new RangeError(
        `backtest testEnd (${plan.testEnd}) must be at least testStart + horizon (${plan.testStart + horizon})`,
      );
    }
    if (plan.trainEnd !== undefined && !(Number.isInteger(plan.trainEnd) && plan.trainEnd >= 1 && plan.trainEnd <= plan.testStart)) {
      throw new RangeError(`backtest trainEnd must be an integer in [1, testStart], got ${plan.trainEnd}`);
    }
  } else {
    positive('windows', plan.windows);
    positive('step', plan.step);
  }
}

/**
 * The cutoffs for a series of length n, or null when the series is too short for the plan: a rolling plan needs all
 * its windows with at least `minTrain` training points; a fixed range needs `minTrain` points before testStart and at
 * least one full window.
 */
export function planCutoffs(n: number, horizon: number, plan: BacktestPlan, minTrain: number): number[] | null {
  if (isFixedRange(plan)) {
    const end = Math.min(plan.testEnd ?? n, n);
    const stride = plan.stride ?? 1;
    const trainEnd = plan.trainEnd ?? plan.testStart;
    if (trainEnd < minTrain) return null;
    const cutoffs: number[] = [];
    for (let c = plan.testStart; c + horizon <= end; c += stride) cutoffs.push(c);
    return cutoffs.length > 0 ? cutoffs : null;
  }
  const cutoffs: number[] = [];
  for (let i = 0; i < plan.windows; i++) cutoffs.push(n - horizon - plan.step * (plan.windows - 1 - i));
  return cutoffs[0] >= minTrain ? cutoffs : null;
}

/** Where a model without refitting is fitted: the first cutoff, or the fixed range's trainEnd. */
export function fitEnd(plan: BacktestPlan, cutoffs: readonly number[]): number {
  return isFixedRange(plan) ? (plan.trainEnd ?? plan.testStart) : cutoffs[0];
}
