import { z } from 'zod';
import { detectSeasonalities } from '../stats/seasonality';
import { localArtifact, restoreLocalStates, type ModelArtifact } from '../core/artifact';
import type { ForecastModel, ModelCapabilities, TrainSet } from '../core/model';
import { checkHorizon, copySeries, lastKnownIndex } from '../core/history';
import { naiveForecast, tailStateSchema } from './naive.model';
import { saveNumbers } from '../core/saved-numbers';

/**
 * Seasonal naive: each future value repeats the value one season earlier, ŷ_{n+k} = y_{n+k−m·⌈k/m⌉}.
 * With less than one full season of history (or m = 1) it is the naive forecast; a missing seasonal
 * reference takes the naive value for that step.
 */
export function seasonalNaiveForecast(history: ArrayLike<number>, h: number, m: number): Float64Array {
  const naive = naiveForecast(history, h);
  const n = history.length;
  if (m <= 1 || n < m) return naive;
  const out = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const v = history[n - m + (k % m)];
    out[k] = Number.isNaN(v) ? naive[k] : v;
  }
  return out;
}

/**
 * The period seasonal naive repeats for one series: of the run's season and the candidate periods the series shows
 * (detectSeasonalities), the one whose seasonal naive has the lowest in-sample mean absolute error over the points
 * every contender can be scored on (so 168 wins over 24 on hourly data with a weekly cycle, and loses where the
 * week adds only noise). Just the season when no other period is detected.
 */
export function seasonalNaivePeriod(y: Float64Array, season: number, candidates: readonly number[]): number {
  const contenders = [...new Set([season, ...detectSeasonalities(y, candidates)])].filter((p) => p >= 1 && p < y.length);
  if (contenders.length < 2) return season;
  const start = Math.max(...contenders);
  let best = season;
  let bestError = Infinity;
  for (const p of contenders) {
    let sum = 0;
    let count = 0;
    for (let t = start; t < y.length; t++) {
      const e = Math.abs(y[t] - y[t - p]);
      if (Number.isFinite(e)) {
        sum += e;
        count++;
      }
    }
    const error = count > 0 ? sum / count : Infinity;
    if (error < bestError) {
      best = p;
      bestError = error;
    }
  }
  return best;
}

/** Saved per series: the tail it repeats and its period (saves without one use the artifact's season). */
const seasonalTailSchema = tailStateSchema.extend({ period: z.number().int().min(1).optional() });

export class SeasonalNaiveModel implements ForecastModel {
  readonly kind = 'seasonal_naive' as const;
  readonly capabilities: ModelCapabilities = { global: false, covariates: 'none', intervals: 'conformal' };
  private series: Float64Array[] | null = null;
  /** The period of each series (seasonalNaivePeriod). */
  private periods: number[] = [];
  private season = 1;

  async fit(train: TrainSet): Promise<void> {
    this.series = copySeries(train.series);
    this.season = train.season;
    const candidates = train.seasonalities ?? [];
    this.periods = this.series.map((s) => seasonalNaivePeriod(s, train.season, candidates));
  }

  async predict(h: number): Promise<Float64Array[]> {
    if (!this.series) throw new Error('seasonal_naive: predict called before fit');
    return this.forecastFrom(this.series, h);
  }

  async forecastFrom(histories: readonly Float64Array[], h: number): Promise<Float64Array[]> {
    checkHorizon(h);
    return histories.map((s, i) => seasonalNaiveForecast(s, h, this.periods[i] ?? this.season));
  }

  /**
   * Keeps each series' last period and its last known value (the fallback for a missing seasonal reference), so the
   * tail forecasts as the series did; a series shorter than its period is kept whole.
   */
  save(): ModelArtifact {
    if (!this.series) throw new Error('seasonal_naive: save called before fit');
    const tails = this.series.map((s, i) => {
      const period = this.periods[i];
      const last = lastKnownIndex(s);
      const start = Math.max(0, Math.min(s.length - period, last >= 0 ? last : s.length - 1));
      return { tail: saveNumbers(s.subarray(start)), period };
    });
    return localArtifact(this.kind, {}, this.season, tails);
  }

  async restore(artifact: ModelArtifact): Promise<void> {
    const states = restoreLocalStates(artifact, seasonalTailSchema);
    this.series = states.map((s) => s.tail);
    this.periods = states.map((s) => s.period ?? artifact.season);
    this.season = artifact.season;
  }

  dispose(): void {
    this.series = null;
  }
}
