import type { FitEpoch, ModelCapabilities as CatalogueCapabilities, ModelKind } from '@foretell/contracts';
import type { ModelArtifact } from './artifact';

/**
 * What a model can do, as its implementation declares it: its kind's entry of MODEL_CATALOGUE in contracts without
 * the family (a conformance spec checks that the two agree; everything outside the engine reads the catalogue).
 */
export type ModelCapabilities = Omit<CatalogueCapabilities, 'family'>;

/**
 * Covariates of one series, on its grid (index 0 = the series' first point), `NaN` for missing values:
 * - `past`: known only up to the end of the history (measured loads, other sensors): each exactly as long as it;
 * - `future`: known in advance (calendar, planned prices, weather forecasts): as long as the history at fit time,
 *   and the history plus the h forecast steps at forecast time (`predict`, `forecastFrom`).
 * Every series of one call has as many past and future covariates as the others, in the same order (a global model
 * learns one weight per channel). `covariatesAt` in ./covariates cuts a full set to an origin.
 */
export interface SeriesCovariates {
  past: readonly Float64Array[];
  future: readonly Float64Array[];
}

/** Training data: regular series on one grid, `NaN` for missing values. */
export interface TrainSet {
  /** Read-only: they may be views of the caller's data; a model that needs to keep or change them copies them. */
  series: readonly Float64Array[];
  /** Seasonal period (1 = none). */
  season: number;
  /**
   * Candidate seasonal periods, ascending (e.g. 24 and 168 for hourly data), that models able to use several test on
   * each series (`detectSeasonalities`); absent: just `season`.
   */
  seasonalities?: readonly number[];
  seed: number;
  /** The horizon `predict` will be asked for, when the caller knows it (direct multi-step models train for it). */
  horizon?: number;
  /** One per series, same order; only for models whose capabilities read covariates. */
  covariates?: readonly SeriesCovariates[];
}

export interface FitContext {
  /** Called with a fraction in [0, 1] as fitting proceeds, and a neural fit's epoch as each one ends. */
  onProgress?: (fraction: number, epoch?: FitEpoch) => void;
  /** Aborted when the run is cancelled; long fits check it between epochs. */
  signal?: AbortSignal;
}

/** One model kind behind one contract: fit on one or many series, then predict h steps after each. */
export interface ForecastModel {
  readonly kind: ModelKind;
  readonly capabilities: ModelCapabilities;
  /** Where it computes, reported with the timings (e.g. 'tfjs-wasm'); absent means plain TypeScript, 'cpu-js'. */
  readonly backend?: string;
  fit(train: TrainSet, ctx?: FitContext): Promise<void>;
  /**
   * Point forecasts, one array of length h per series, in the order given to fit. A model fitted with covariates
   * needs them again, per fitted series: the same past ones, future ones extended by the h forecast steps.
   */
  predict(h: number, covariates?: readonly SeriesCovariates[]): Promise<Float64Array[]>;
  /**
   * Optional: point forecasts h steps after each given history, using the parameters learned by `fit` without
   * refitting (rolling-origin evaluation with `refit: false`). Histories are extensions of the fitted series,
   * in the same order; models without it are refitted at every origin. Covariates, when fitted with them: one per
   * history, past ones as long as it, future ones as long as it plus h.
   */
  forecastFrom?(
    histories: readonly Float64Array[],
    h: number,
    covariates?: readonly SeriesCovariates[],
  ): Promise<Float64Array[]>;
  /**
   * The fitted model as an artifact (./artifact) that `restoreModel` turns back into a model forecasting exactly as
   * this one does, without the training data or a refit. Every registered kind has it; throws before fit.
   */
  save?(): ModelArtifact;
  /** Replaces any fit with a saved one; `restoreModel` calls it on a fresh model of the artifact's kind and params. */
  restore?(artifact: ModelArtifact): Promise<void>;
  /** Frees resources (tensors). Safe to call twice. */
  dispose(): void;
}
