import type { ModelKind } from '@foretell/contracts';
import { localArtifact, restoreLocalStates, type ModelArtifact } from '../core/artifact';
import type { FitContext, ForecastModel, ModelCapabilities, SeriesCovariates, TrainSet } from '../core/model';
import { checkHorizon } from '../core/history';
import type { z } from 'zod';
import { cleanRegressors, regressorTails } from './regressors';
import { seriesFit, seriesStateSchema, type SeriesState } from './saved-fits';

/** What a local model keeps for one series after fitting. */
export interface SeriesFit {
  /**
   * Point forecasts for the h steps after the fitted history. `future`: the regressors of a fit with them, each
   * ending h steps after the history (longer ones are read from their end).
   */
  forecast(h: number, future?: readonly Float64Array[]): Float64Array;
  /** Forecasts after `history` (the fitted series extended by later values) with the fitted parameters. */
  forecastFrom?(history: Float64Array, h: number, future?: readonly Float64Array[]): Float64Array;
  /** JSON-safe fitted state that `seriesFit` (./saved-fits) turns back into the same fit. */
  save?(): unknown;
}

/**
 * Prepares a series for the statistical models: leading missing values are dropped (the series starts later on
 * the grid), interior gaps are interpolated linearly and trailing ones carry the last value, so forecasts still
 * start right after the grid's end. The engine normally fills gaps first; this is a safety net.
 */
export function cleanSeries(values: Float64Array, index: number, kind: string): Float64Array {
  let first = 0;
  while (first < values.length && !Number.isFinite(values[first])) first++;
  if (first === values.length) {
    throw new RangeError(`${kind}: series #${index + 1} has no known values to fit`);
  }
  const out = Float64Array.from(values.subarray(first));
  let last = -1;
  for (let i = 0; i < out.length; i++) {
    if (Number.isFinite(out[i])) {
      for (let j = last + 1; j < i; j++) out[j] = out[last] + ((out[i] - out[last]) * (j - last)) / (i - last);
      last = i;
    }
  }
  for (let j = last + 1; j < out.length; j++) out[j] = out[last];
  return out;
}

/** Leading missing values, which `cleanSeries` drops (regressors drop as many). */
function leadingGap(values: Float64Array): number {
  let first = 0;
  while (first < values.length && !Number.isFinite(values[first])) first++;
  return first;
}

/** Yield to the event loop about this often during long fits, so cancellation and progress get through. */
const YIELD_MS = 50;

/**
 * Base of the statistical models: each series is fitted on its own by `fitSeries`, with progress, cancellation
 * and input cleaning handled here once.
 */
export abstract class LocalModel implements ForecastModel {
  abstract readonly kind: ModelKind;
  /** The parsed parameters, saved with the fit. */
  protected abstract readonly params: object;
  readonly capabilities: ModelCapabilities = { global: false, covariates: 'none', intervals: 'conformal' };
  private fits: SeriesFit[] | null = null;
  private season = 1;
  private seasonalities: readonly number[] = [];

  /**
   * Fits one (clean, non-empty) series with seasonal period `season`; models that handle several periods test
   * `seasonalities` (the candidates, TrainSet.seasonalities) on it; `regressors` (models that read future covariates)
   * are its future covariates, gap-free, as long as `y` and aligned with it.
   */
  protected abstract fitSeries(y: Float64Array, season: number, seasonalities: readonly number[], regressors?: readonly Float64Array[]): SeriesFit;

  /** A fit back from its saved state (the statistical methods' shared states by default); `season`: the artifact's. */
  protected restoreFit(state: unknown, _season: number): SeriesFit {
    return seriesFit(state as SeriesState);
  }

  /** The state schema `restore` parses each series' saved fit with. */
  protected readonly stateSchema: z.ZodType = seriesStateSchema;

  async fit(train: TrainSet, ctx: FitContext = {}): Promise<void> {
    if (!Number.isInteger(train.season) || train.season < 1) {
      throw new RangeError(`${this.kind}: seasonal period must be a positive integer, got ${train.season}`);
    }
    const seasonalities = [...new Set([...(train.seasonalities ?? []), train.season])].sort((a, b) => a - b);
    const fits: SeriesFit[] = [];
    let lastYield = Date.now();
    for (let i = 0; i < train.series.length; i++) {
      if (ctx.signal?.aborted) throw new Error(`${this.kind}: fit cancelled`);
      const future = train.covariates?.[i]?.future;
      const y = cleanSeries(train.series[i], i, this.kind);
      const first = leadingGap(train.series[i]);
      const regressors = future?.length ? cleanRegressors(future.map((c) => c.subarray(first, first + y.length))) : undefined;
      fits.push(this.fitSeries(y, train.season, seasonalities, regressors));
      if (Date.now() - lastYield > YIELD_MS) {
        ctx.onProgress?.((i + 1) / train.series.length);
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
      }
    }
    ctx.onProgress?.(1);
    this.fits = fits;
    this.season = train.season;
    this.seasonalities = seasonalities;
  }

  async predict(h: number, covariates?: readonly SeriesCovariates[]): Promise<Float64Array[]> {
    checkHorizon(h);
    if (!this.fits) throw new Error(`${this.kind}: predict called before fit`);
    return this.fits.map((f, i) => f.forecast(h, covariates?.[i]?.future));
  }

  dispose(): void {
    this.fits = null;
  }

  /** Every series' fitted state (see restoreModel). */
  save(): ModelArtifact {
    if (!this.fits) throw new Error(`${this.kind}: save called before fit`);
    const states = this.fits.map((f, i) => {
      if (!f.save) throw new Error(`${this.kind}: the fit of series #${i + 1} cannot be saved`);
      return f.save();
    });
    return localArtifact(this.kind, this.params, this.season, states);
  }

  /** Replaces any fit with a saved one. */
  async restore(artifact: ModelArtifact): Promise<void> {
    this.fits = restoreLocalStates(artifact, this.stateSchema).map((state) => this.restoreFit(state, artifact.season));
    this.season = artifact.season;
    this.seasonalities = [artifact.season];
  }

  /** Forecasts from later origins with the fitted parameters; series without that ability are refitted. */
  async forecastFrom(
    histories: readonly Float64Array[],
    h: number,
    covariates?: readonly SeriesCovariates[],
  ): Promise<Float64Array[]> {
    checkHorizon(h);
    if (!this.fits) throw new Error(`${this.kind}: forecastFrom called before fit`);
    const fits = this.fits;
    if (histories.length !== fits.length) {
      throw new RangeError(`${this.kind}: fitted ${fits.length} series but got ${histories.length} histories`);
    }
    // Histories are on the original grid; cleaning drops the same leading gap as at fit time.
    return histories.map((raw, i) => {
      const history = cleanSeries(raw, i, this.kind);
      const fit = fits[i];
      const future = covariates?.[i]?.future;
      if (fit.forecastFrom) return fit.forecastFrom(history, h, future);
      const regressors = future?.length ? regressorTails(future, history.length + h, this.kind) : undefined;
      return this.fitSeries(history, this.season, this.seasonalities, regressors?.map((c) => c.subarray(0, history.length))).forecast(h, regressors);
    });
  }
}
