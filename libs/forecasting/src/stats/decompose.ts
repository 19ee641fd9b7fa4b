/**
 * Classical decomposition by moving averages, as R's `decompose`: a centred moving average of order m
 * (2×m for even m) gives the trend, the detrended values averaged per position in the cycle give the seasonal
 * figure, normalised to sum 0 (additive) or average 1 (multiplicative). Positions count from the first
 * observation, so `seasonal[i]` belongs to `y[i]`.
 */

export type DecompositionType = 'additive' | 'multiplicative';

export interface Decomposition {
  /** NaN at the ends where the moving average is undefined. */
  trend: Float64Array;
  /** One seasonal figure per observation (the cycle of `figure` laid over the series). */
  seasonal: Float64Array;
  /** The m seasonal figures, figure[k] for positions k, k+m, k+2m, … */
  figure: Float64Array;
}

/** Centred moving average of order m; for even m the two end weights are halved (a 2×m MA). */
export function centredMovingAverage(y: ArrayLike<number>, m: number): Float64Array {
  const n = y.length;
  const weights = m % 2 === 0 ? [0.5, ...new Array<number>(m - 1).fill(1), 0.5] : new Array<number>(m).fill(1);
  const half = Math.floor(weights.length / 2);
  const out = new Float64Array(n).fill(NaN);
  for (let i = half; i < n - half; i++) {
    let s = 0;
    for (let k = 0; k < weights.length; k++) s += weights[k] * y[i - half + k];
    out[i] = s / m;
  }
  return out;
}

export function decompose(y: ArrayLike<number>, m: number, type: DecompositionType): Decomposition {
  const n = y.length;
  if (!(m > 1) || n < 2 * m) {
    throw new RangeError(`decomposition needs a seasonal period above 1 and at least 2 periods (m=${m}, n=${n})`);
  }
  const trend = centredMovingAverage(y, m);
  const figure = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let sum = 0;
    let count = 0;
    for (let i = k; i < n; i += m) {
      if (Number.isNaN(trend[i])) continue;
      sum += type === 'additive' ? y[i] - trend[i] : y[i] / trend[i];
      count++;
    }
    figure[k] = sum / count;
  }
  let mean = 0;
  for (let k = 0; k < m; k++) mean += figure[k];
  mean /= m;
  for (let k = 0; k < m; k++) figure[k] = type === 'additive' ? figure[k] - mean : figure[k] / mean;
  const seasonal = new Float64Array(n);
  for (let i = 0; i < n; i++) seasonal[i] = figure[i % m];
  return { trend, seasonal, figure };
}
