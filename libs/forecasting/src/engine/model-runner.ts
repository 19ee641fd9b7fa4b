import type { FitEpoch, ModelSpec } from '@foretell/contracts';
import { concatLocalArtifacts, type ModelArtifact } from '../core/artifact';
import type { ForecastModel, SeriesCovariates } from '../core/model';
import { createModel } from '../models/model-kinds';
import type { FitReport } from '../neural/training/fit-report';
import { fitReportOf } from '../neural/training/neural-model';
import { NonFiniteObjectiveError } from '../stats/non-finite-objective';

/** Wall-clock seconds spent fitting and predicting, accumulated across calls. */
export class Stopwatch {
  fitSeconds = 0;
  predictSeconds = 0;

  async time<T>(what: 'fit' | 'predict', work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      const seconds = (performance.now() - start) / 1000;
      if (what === 'fit') this.fitSeconds += seconds;
      else this.predictSeconds += seconds;
    }
  }
}

export interface RunContext {
  spec: ModelSpec;
  season: number;
  /** Candidate seasonal periods for the models that test several (TrainSet.seasonalities). */
  seasonalities?: readonly number[];
  seed: number;
  /** The forecast horizon, passed to models at fit time. */
  horizon?: number;
  /** Progress within one global fit, as a fraction of that fit, with a neural fit's epoch as each one ends. */
  fitProgress?: (fraction: number, epoch?: FitEpoch) => void;
  stopwatch: Stopwatch;
  signal?: AbortSignal;
  /** Called after each unit of work (one fit-and-predict of one model). */
  tick: () => Promise<void>;
}

/** A local model could not be fitted to the series at `position` of the set: its values are out of the model's range. */
export class UnfittableSeriesError extends RangeError {
  override name = 'UnfittableSeriesError';
  constructor(
    readonly position: number,
    cause: Error,
  ) {
    super(cause.message, { cause });
  }
}

/**
 * Fitted model(s) for a set of series: one global model over all of them, or one local model per series.
 * Hides the difference from the engine.
 */
export class FittedSet {
  private constructor(
    private readonly models: ForecastModel[],
    private readonly global: boolean,
    private readonly count: number,
  ) {}

  /**
   * Fits on `trains` (with their covariates, cut to the same ends); `probe` is a fresh instance already created to
   * read capabilities (reused, not leaked).
   */
  static async fit(
    trains: readonly Float64Array[],
    ctx: RunContext,
    covariates?: readonly SeriesCovariates[],
    probe?: ForecastModel,
  ): Promise<FittedSet> {
    const first = probe ?? createModel(ctx.spec);
    if (trains.length === 0) {
      first.dispose();
      return new FittedSet([], first.capabilities.global, 0);
    }
    const models: ForecastModel[] = [];
    try {
      if (first.capabilities.global) {
        models.push(first);
        await ctx.stopwatch.time('fit', () =>
          first.fit(
            {
              series: trains,
              season: ctx.season,
              seasonalities: ctx.seasonalities,
              seed: ctx.seed,
              horizon: ctx.horizon,
              covariates,
            },
            { signal: ctx.signal, onProgress: ctx.fitProgress },
          ),
        );
        await ctx.tick();
      } else {
        for (let i = 0; i < trains.length; i++) {
          const model = i === 0 ? first : createModel(ctx.spec);
          models.push(model);
          await ctx.stopwatch
            .time('fit', () =>
              model.fit(
                {
                  series: [trains[i]],
                  season: ctx.season,
                  seasonalities: ctx.seasonalities,
                  seed: ctx.seed,
                  horizon: ctx.horizon,
                  covariates: covariates && [covariates[i]],
                },
                { signal: ctx.signal },
              ),
            )
            .catch((error: unknown) => {
              throw error instanceof NonFiniteObjectiveError ? new UnfittableSeriesError(i, error) : error;
            });
          await ctx.tick();
        }
      }
    } catch (error) {
      for (const m of models) m.dispose();
      throw error;
    }
    return new FittedSet(models, first.capabilities.global, trains.length);
  }

  get backend(): string {
    return this.models[0]?.backend ?? 'cpu-js';
  }

  /** What the fit did, for a neural (global) model; null for the others. */
  get report(): FitReport | null {
    return this.global && this.models[0] ? fitReportOf(this.models[0]) : null;
  }

  /** Forecasts h steps after the fitted series; covariates as at fit, future ones extended by h. */
  async predict(h: number, stopwatch: Stopwatch, covariates?: readonly SeriesCovariates[]): Promise<Float64Array[]> {
    if (this.count === 0) return [];
    const call = (model: ForecastModel, cov?: readonly SeriesCovariates[]) =>
      stopwatch.time('predict', () => model.predict(h, cov));
    if (this.global) return checkOutput(await call(this.models[0], covariates), h, this.count);
    const out: Float64Array[] = [];
    for (let i = 0; i < this.models.length; i++) {
      out.push(...checkOutput(await call(this.models[i], covariates && [covariates[i]]), h, 1));
    }
    return out;
  }

  /** Forecasts from new histories (one per fitted series, same order) without refitting. */
  async forecastFrom(
    histories: readonly Float64Array[],
    h: number,
    stopwatch: Stopwatch,
    covariates?: readonly SeriesCovariates[],
  ): Promise<Float64Array[]> {
    const call = (model: ForecastModel, hs: readonly Float64Array[], cov?: readonly SeriesCovariates[]) => {
      const forecastFrom = model.forecastFrom?.bind(model);
      if (!forecastFrom) throw new Error(`model "${model.kind}" cannot forecast without refitting`);
      return stopwatch.time('predict', () => forecastFrom(hs, h, cov));
    };
    if (this.count === 0) return [];
    if (this.global) return checkOutput(await call(this.models[0], histories, covariates), h, histories.length);
    const out: Float64Array[] = [];
    for (let i = 0; i < this.models.length; i++) {
      out.push(...checkOutput(await call(this.models[i], [histories[i]], covariates && [covariates[i]]), h, 1));
    }
    return out;
  }

  /** The fitted model(s) as one artifact: the global model's, or the local models' series states in order. */
  save(): ModelArtifact {
    const save = (m: ForecastModel): ModelArtifact => {
      if (!m.save) throw new Error(`model "${m.kind}" cannot be saved`);
      return m.save();
    };
    return this.global ? save(this.models[0]) : concatLocalArtifacts(this.models.map(save));
  }

  dispose(): void {
    for (const m of this.models) m.dispose();
  }
}

/** A model that returns the wrong shape is a bug in the model; say so instead of producing misaligned rows. */
function checkOutput(out: Float64Array[], h: number, expected: number): Float64Array[] {
  if (out.length !== expected) {
    throw new Error(`model returned ${out.length} forecasts for ${expected} series`);
  }
  for (const f of out) {
    if (f.length !== h) throw new Error(`model returned a forecast of ${f.length} steps, expected ${h}`);
  }
  return out;
}
