/**
 * Intermittent-demand methods as Nixtla's statsforecast defines them (python/statsforecast/models.py: `_croston_classic`,
 * `_croston_optimized`, `_croston_sba`, `_tsb`, `_adida`, `_imapa`; src/ses.cpp: `ses_forecast`, `golden_section_ses`,
 * `chunk_forecast`). Each returns the one flat forecast of a clean series (no NaN).
 */

/*
 * SES updates are written level += α(x − level), the same as αx + (1 − α)level but exact where x = level: the SSE of
 * a series of two points is then the same for every α, and the weight search sees a tie instead of rounding noise.
 */

/** One-step SES forecast, the level starting at the first value (statsforecast `ses_forecast`). */
export function sesForecast(x: ArrayLike<number>, alpha: number): number {
  let level = x[0];
  for (let i = 1; i < x.length; i++) level += alpha * (x[i] - level);
  return level;
}

/** In-sample one-step squared error of SES (statsforecast `ses_sse`): the loss the optimised weights minimise. */
export function sesSse(x: ArrayLike<number>, alpha: number): number {
  let forecast = x[0];
  let sse = 0;
  for (let i = 1; i < x.length; i++) {
    forecast += alpha * (x[i - 1] - forecast);
    sse += (x[i] - forecast) ** 2;
  }
  return sse;
}

/** The SES weight in [lower, upper] with the least `sesSse`, by golden-section search (statsforecast's bounds). */
export function optimalSesAlpha(x: ArrayLike<number>, lower = 0.1, upper = 0.3): number {
  const ratio = (Math.sqrt(5) + 1) / 2;
  let a = lower;
  let b = upper;
  let c = b - (b - a) / ratio;
  let d = a + (b - a) / ratio;
  let fc = sesSse(x, c);
  let fd = sesSse(x, d);
  while (Math.abs(b - a) >= 1e-12) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - (b - a) / ratio;
      fc = sesSse(x, c);
    } else if (fd < fc) {
      a = c;
      c = d;
      fc = fd;
      d = a + (b - a) / ratio;
      fd = sesSse(x, d);
    } else break;
  }
  return (a + b) / 2;
}

const optimizedSesForecast = (x: ArrayLike<number>): number => sesForecast(x, optimalSesAlpha(x));

/** The positive values (demand sizes). */
function demandSizes(y: Float64Array): Float64Array {
  return y.filter((v) => v > 0);
}

/** Periods from one non-zero value to the next, the first counted from the start (statsforecast `_intervals`). */
export function demandIntervals(y: Float64Array): Float64Array {
  const out: number[] = [];
  let previous = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0) {
      out.push(i + 1 - previous);
      previous = i + 1;
    }
  }
  return Float64Array.from(out);
}

/** Python's round(): halves to even, so aggregation levels match statsforecast's. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Mean inter-demand interval, rounded: the aggregation level of ADIDA and the highest one of IMAPA. */
function aggregationLevel(y: Float64Array): number {
  const intervals = demandIntervals(y);
  return Math.max(1, roundHalfEven(intervals.reduce((a, b) => a + b, 0) / intervals.length));
}

/** Sums of consecutive blocks of `size`, the oldest `length % size` values dropped so the last block ends the series. */
function blockSums(y: Float64Array, size: number): Float64Array {
  const lost = y.length % size;
  const out = new Float64Array(Math.floor(y.length / size));
  for (let b = 0; b < out.length; b++) {
    for (let j = 0; j < size; j++) out[b] += y[lost + b * size + j];
  }
  return out;
}

const allZero = (y: Float64Array): boolean => y.every((v) => v === 0);

/**
 * Croston (1972): SES of the demand sizes over SES of the intervals, with weight `alpha`, or each weight optimised in
 * [0.1, 0.3] on its own one-step SSE (`'optimize'`, statsforecast's CrostonOptimized). A series with no positive
 * value forecasts its last value, as statsforecast's does.
 */
export function crostonForecast(y: Float64Array, alpha: number | 'optimize'): number {
  const sizes = demandSizes(y);
  if (sizes.length === 0) return y[y.length - 1];
  const intervals = demandIntervals(y);
  const smooth = (x: Float64Array) => (alpha === 'optimize' ? optimizedSesForecast(x) : sesForecast(x, alpha));
  const size = smooth(sizes);
  const interval = smooth(intervals);
  return interval !== 0 ? size / interval : size;
}

/**
 * The Syntetos–Boylan approximation (2005): Croston's forecast times (1 − α/2), which removes most of its upward bias
 * (statsforecast's CrostonSBA has α = 0.1, so 0.95).
 */
export function sbaForecast(y: Float64Array, alpha: number): number {
  return crostonForecast(y, alpha) * (1 - alpha / 2);
}

/**
 * Teunter, Syntetos & Babai (2011): SES of the demand probability (1 where a period has demand) every period, with
 * `alphaP`, times SES of the positive sizes, with `alphaD`; so the forecast decays through long runs of zeros.
 */
export function tsbForecast(y: Float64Array, alphaD: number, alphaP: number): number {
  const sizes = demandSizes(y);
  if (allZero(y) || sizes.length === 0) return 0;
  const probability = y.map((v) => (v !== 0 ? 1 : 0));
  return sesForecast(probability, alphaP) * sesForecast(sizes, alphaD);
}

/**
 * SES (weight optimised) of the block sums of `size`, per period (statsforecast `chunk_forecast` / size). `size` is
 * at most the mean interval, which is at most the series' length, so there is always a block.
 */
function aggregateForecast(y: Float64Array, size: number): number {
  const sums = blockSums(y, size);
  return (sums.length === 1 ? sums[0] : optimizedSesForecast(sums)) / size;
}

/**
 * ADIDA (Nikolopoulos et al. 2011): sum non-overlapping blocks as long as the mean inter-demand interval, forecast
 * the block sums by SES (weight optimised on their SSE in [0.1, 0.3]) and spread the forecast evenly over a block.
 */
export function adidaForecast(y: Float64Array): number {
  if (allZero(y)) return 0;
  return aggregateForecast(y, aggregationLevel(y));
}

/**
 * IMAPA (Petropoulos & Kourentzes 2015): the mean of the ADIDA-style forecasts at every block size from 1 to the
 * mean inter-demand interval.
 */
export function imapaForecast(y: Float64Array): number {
  if (allZero(y)) return 0;
  const top = aggregationLevel(y);
  let sum = 0;
  for (let size = 1; size <= top; size++) sum += aggregateForecast(y, size);
  return sum / top;
}
