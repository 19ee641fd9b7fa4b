import * as tf from '@tensorflow/tfjs-core';
import type { NeuralModelKind } from '@foretell/contracts';
import { fillMissing } from '../../core/fill';
import { checkHorizon } from '../../core/history';
import { checkCovariates, CovariatesError, hasCovariates, type CovariateCounts } from '../../core/covariates';
import type { FitContext, ForecastModel, ModelCapabilities, SeriesCovariates, TrainSet } from '../../core/model';
import { ensureBackend, backendLabel } from './backend-setup';
import type { FitReport, MemberReport } from './fit-report';
import { normalizedForward, parameterCount, type Network, type NetworkDims } from './network';
import { scaleCovariates, type ScaledCovariates } from './covariate-channels';
import {
  channelCount,
  measuredChannels,
  planWindows,
  fromScaled,
  scaleSeries,
  thinOrigins,
  toScaled,
  writeWindow,
  type ScaledSeries,
  type ValueScale,
} from './series-windows';
import { trainLoop } from './train-loop';
import type { ModelArtifact } from '../../core/artifact';
import { restoreNeural, saveNeural } from './neural-artifact';
import { cycleInputSize, epochWindows, resolveSettings, type ModelDefaults, type ResolvedSettings, type TrainingParams } from './training-defaults';

/** The series on one value scale, the networks trained on them, and their settings (each input length has its own). */
export interface ScaleView {
  scale: ValueScale;
  settings: ResolvedSettings;
  series: ScaledSeries[];
  nets: Network[];
}

/** The value scales a fit trains networks on: `both` (the default) is one network per scale. */
function scalesOf(valueScale: ValueScale | 'both' | undefined): ValueScale[] {
  return valueScale === 'linear' || valueScale === 'log' ? [valueScale] : ['linear', 'log'];
}

/** Validation windows beyond this are thinned evenly (a long validation tail would cost more than an epoch). */
const MAX_VALIDATION_WINDOWS = 4096;
const PREDICT_BATCH = 512;

/**
 * The part every global neural model shares: window pools across series, training, forecasting and the fit report.
 * A model kind supplies its network (`build`) and its preferred defaults; nothing else.
 */
export abstract class NeuralModel<K extends NeuralModelKind> implements ForecastModel {
  abstract readonly kind: K;
  /** Covariates are extra input channels (see ./covariate-channels and writeWindow); a kind whose network drops them says false. */
  readonly capabilities: ModelCapabilities = { global: true, covariates: 'all', intervals: 'conformal' };
  /** What the last fit did: backend, seed, settings, epochs, parameter count, seconds, loss curves. */
  report: FitReport | null = null;
  /**
   * One view per input length and value scale: the series as its networks see them, and those networks (one per
   * ensemble member). Forecasts are the mean over views.
   */
  private views: ScaleView[] = [];
  private settings: ResolvedSettings | null = null;
  /** Covariates of the last fit; forecasts need the same ones. */
  private covariateCounts: CovariateCounts = { past: 0, future: 0 };
  private season = 1;
  /** Set by `restore`: the members' seeds and where the restored model computes (a restored model has no report). */
  private restored: { seeds: number[]; backend: string } | null = null;

  constructor(protected readonly params: TrainingParams & { ensemble?: number; valueScale?: ValueScale | 'both' }) {}

  protected abstract readonly defaults: ModelDefaults;
  /** A fresh network with seeded initial weights. */
  protected abstract build(dims: NetworkDims, seed: number): Network;
  /** Model-specific settings for the report (resolved patch sizes and the like). */
  protected describe(_dims: NetworkDims): Record<string, unknown> {
    return {};
  }

  get backend(): string | undefined {
    return this.report?.backend ?? this.restored?.backend;
  }

  async fit(train: TrainSet, ctx: FitContext = {}): Promise<void> {
    this.dispose();
    const info = await ensureBackend();
    const started = performance.now();
    const notes: string[] = [];
    const lengths = train.series.map((s) => s.length);
    const covariates = hasCovariates(train.covariates) ? train.covariates : undefined;
    if (covariates && this.capabilities.covariates === 'none') throw new CovariatesError(`${this.kind} cannot use covariates`);
    const counts = covariates ? checkCovariates(covariates, lengths, 0) : { past: 0, future: 0 };
    const shape = { lengths, season: train.season, horizon: train.horizon, longestCycle: Math.max(train.season, ...(train.seasonalities ?? [])) };
    const primary = resolveSettings(this.params, shape, this.defaults);
    const cycleInput = cycleInputSize(this.params, shape, primary, this.defaults);
    const plans = [primary, ...(cycleInput ? [resolveSettings({ ...this.params, inputSize: cycleInput }, shape, this.defaults)] : [])].map((s) =>
      this.planTraining(s, lengths, notes),
    );
    const scales = scalesOf(this.params.valueScale);
    this.views = plans.flatMap(({ settings }) =>
      scales.map((scale) => ({
        scale,
        settings,
        nets: [],
        series: train.series.map((s, i) => {
          const statsEnd = s.length - settings.validation;
          const scaled = scaleSeries(s, statsEnd, settings.seriesScaling, scale);
          return covariates ? { ...scaled, covariates: scaleCovariates(covariates[i], statsEnd) } : scaled;
        }),
      })),
    );
    const settings = plans[0].settings;
    this.settings = settings;
    this.season = train.season;
    this.covariateCounts = counts;
    const features = channelCount(this.views[0].series[0]);
    const ensemble = this.params.ensemble ?? 1;
    const members = ensemble * this.views.length;
    const reports: MemberReport[] = [];

    for (const [v, view] of this.views.entries()) {
      const { pools, validation } = plans[Math.floor(v / scales.length)];
      const dims: NetworkDims = { inputSize: view.settings.inputSize, horizon: view.settings.horizon, features };
      for (let e = 0; e < ensemble; e++) {
        const m = v * ensemble + e;
        // Consecutive seeds over the scales' networks, so two scales of a series that stays linear are two members
        // still; an input length repeats them (its networks differ by their input).
        const seed = train.seed + (v % scales.length) * ensemble + e;
        const net = this.build(dims, seed);
        view.nets.push(net);
        const result = await trainLoop(
          net,
          { series: view.series, train: pools.train, validation },
          { ...view.settings, seed },
          {
            signal: ctx.signal,
            onEpoch: (r) =>
              ctx.onProgress?.(Math.min(1, (m + (r.epoch + 1) / view.settings.epochs) / members), {
                n: r.epoch + 1,
                of: view.settings.epochs,
                loss: r.loss,
                ...(r.valLoss === null ? {} : { valLoss: r.valLoss }),
                ...(members > 1 ? { network: { n: m + 1, of: members } } : {}),
              }),
          },
        );
        reports.push({
          seed,
          scale: view.scale,
          inputSize: view.settings.inputSize,
          bestEpoch: result.bestEpoch,
          stoppedEarly: result.stoppedEarly,
          curve: result.epochs,
        });
      }
    }
    ctx.onProgress?.(1);
    this.report = {
      kind: this.kind,
      backend: backendLabel(info),
      seed: train.seed,
      parameterCount: parameterCount(this.views[0].nets[0].variables),
      epochs: reports.reduce((n, r) => n + r.curve.length, 0),
      trainSeconds: (performance.now() - started) / 1000,
      windows: { train: plans[0].pools.train.count, validation: plans[0].validation.count },
      settings: {
        ...settings,
        ...(cycleInput && { cycleInputSize: cycleInput }),
        ensemble,
        valueScale: this.params.valueScale ?? 'both',
        covariates: counts,
        ...this.describe({ inputSize: settings.inputSize, horizon: settings.horizon, features }),
      },
      members: reports,
      notes,
    };
  }

  /**
   * The window pools for `settings` (without the validation tail where it would leave no training window) and the
   * epoch size; throws when no series is long enough to train on.
   */
  private planTraining(resolved: ResolvedSettings, lengths: readonly number[], notes: string[]) {
    let settings = resolved;
    let pools = planWindows(lengths, settings);
    if (pools.train.count === 0 && settings.validation > 0) {
      notes.push(`no training windows left beside a validation tail of ${settings.validation}; trained without validation`);
      settings = { ...settings, validation: 0 };
      pools = planWindows(lengths, settings);
    }
    if (pools.train.count === 0) {
      const longest = Math.max(0, ...lengths);
      throw new RangeError(
        `${this.kind}: no series is long enough to train on: a window needs ${pools.minContext} input and ` +
          `${settings.horizon} target points, the longest series has ${longest}; use a shorter horizon or inputSize`,
      );
    }
    settings = { ...settings, windowsPerEpoch: epochWindows(pools.train.count, this.params.windowsPerEpoch) };
    return { settings, pools, validation: thinOrigins(pools.validation, MAX_VALIDATION_WINDOWS) };
  }

  async predict(h: number, covariates?: readonly SeriesCovariates[]): Promise<Float64Array[]> {
    this.fitted('predict');
    checkHorizon(h);
    const lengths = this.views[0].series.map((s) => s.values.length);
    const channels = this.forecastCovariates(covariates, lengths, h, lengths.map(() => 0));
    return this.meanOverViews((view) =>
      this.forecastScaled(view.nets, view.series.map((s, i) => ({ ...s, covariates: channels?.[i] })), h, view.settings),
    );
  }

  async forecastFrom(
    histories: readonly Float64Array[],
    h: number,
    covariates?: readonly SeriesCovariates[],
  ): Promise<Float64Array[]> {
    this.fitted('forecastFrom');
    checkHorizon(h);
    const lengths = histories.map((hist) => hist.length);
    // Each view reads its own last L points, scaled with the statistics of the fitted series at the same position.
    const byInput = new Map<number, { tails: Float64Array[]; channels: ScaledCovariates[] | undefined }>();
    const inputOf = (L: number) => {
      const starts = histories.map((hist) => Math.max(0, hist.length - L));
      const channels = this.forecastCovariates(covariates, lengths, h, starts);
      const tails = histories.map((hist, i) => {
        let tail = hist.subarray(starts[i]);
        if (tail.some(Number.isNaN)) tail = fillMissing(hist, 'linear').values.subarray(starts[i]);
        if (tail.length === 0 || Number.isNaN(tail[0])) throw new RangeError(`${this.kind}: a history has no known value`);
        return tail;
      });
      return { tails, channels };
    };
    return this.meanOverViews((view) => {
      const L = view.settings.inputSize;
      const input = byInput.get(L) ?? inputOf(L);
      byInput.set(L, input);
      const sources = histories.map((hist, i): ScaledSeries => {
        const stats = view.series[i] ?? scaleSeries(hist, hist.length, view.settings.seriesScaling, view.scale);
        const { mean, std, logShift } = stats;
        return { values: Float32Array.from(input.tails[i], (v) => toScaled(v, stats)), mean, std, logShift, covariates: input.channels?.[i] };
      });
      return this.forecastScaled(view.nets, sources, h, view.settings);
    });
  }

  /**
   * Scaled covariate channels for forecasts from histories of `lengths`, starting at `starts` (statistics of the
   * fitted series at the same position); undefined for a model fitted without covariates.
   */
  private forecastCovariates(
    covariates: readonly SeriesCovariates[] | undefined,
    lengths: readonly number[],
    h: number,
    starts: readonly number[],
  ): ScaledCovariates[] | undefined {
    const want = this.covariateCounts;
    const given = hasCovariates(covariates) ? checkCovariates(covariates, lengths, h) : { past: 0, future: 0 };
    if (given.past !== want.past || given.future !== want.future) {
      throw new CovariatesError(
        `${this.kind} was fitted with ${want.past} past and ${want.future} future covariates; ` +
          `its forecasts need the same, got ${given.past} and ${given.future}`,
      );
    }
    if (!covariates || want.past + want.future === 0) return undefined;
    return covariates.map((c, i) => scaleCovariates(c, lengths[i], starts[i], this.views[0].series[i]?.covariates?.stats));
  }

  /**
   * Forecasts from the ends of scaled series; beyond the trained horizon the forecasts are fed back in (past
   * covariates then hold their last value, future ones run on over the forecast steps).
   */
  private forecastScaled(nets: readonly Network[], sources: readonly ScaledSeries[], h: number, settings: ResolvedSettings): Float64Array[] {
    const { inputSize: L, horizon: H, normalization } = settings;
    const out = sources.map(() => new Float64Array(h));
    let extended = sources;
    for (let done = 0; done < h; done += H) {
      const step = this.forecastOnce(nets, extended, L, H, normalization);
      const take = Math.min(H, h - done);
      step.forEach((f, i) => {
        for (let j = 0; j < take; j++) out[i][done + j] = fromScaled(f[j], sources[i]);
      });
      if (done + H < h) {
        extended = extended.map((s, i) => {
          const next = new Float32Array(s.values.length + H);
          next.set(s.values);
          next.set(step[i], s.values.length);
          return { ...s, values: next };
        });
      }
    }
    return out;
  }

  /** The mean, per series and step, of each view's forecasts on the series' own scale. */
  private meanOverViews(forecast: (view: ScaleView) => Float64Array[]): Float64Array[] {
    const [first, ...rest] = this.views.map(forecast);
    for (const other of rest) first.forEach((f, i) => f.forEach((v, k) => (f[k] = v + other[i][k])));
    if (rest.length > 0) for (const f of first) for (let k = 0; k < f.length; k++) f[k] /= this.views.length;
    return first;
  }

  /** One direct H-step forecast per series, averaged over one view's ensemble, in scaled units. */
  private forecastOnce(nets: readonly Network[], sources: readonly ScaledSeries[], L: number, H: number, mode: ResolvedSettings['normalization']): Float32Array[] {
    const result = sources.map(() => new Float32Array(H));
    const channels = channelCount(sources[0]);
    const measured = measuredChannels(sources[0]);
    for (let b = 0; b < sources.length; b += PREDICT_BATCH) {
      const rows = sources.slice(b, b + PREDICT_BATCH);
      const x = new Float32Array(rows.length * L * channels);
      rows.forEach((s, i) => writeWindow(s, s.values.length, L, H, x, i * L * channels));
      const mean = tf.tidy(() => {
        const input = tf.tensor3d(x, [rows.length, L, channels]);
        const preds = nets.map((net) => normalizedForward(net, input, false, mode, measured));
        return preds.length === 1 ? preds[0] : tf.div(tf.addN(preds), preds.length);
      });
      const data = mean.dataSync();
      mean.dispose();
      rows.forEach((_, i) => result[b + i].set(data.subarray(i * H, (i + 1) * H)));
    }
    return result;
  }

  /** The fitted model, saved: settings, scaling, input tails and every member's weights (./neural-artifact). */
  save(): ModelArtifact {
    const settings = this.fitted('save');
    const seeds = this.report?.members.map((m) => m.seed) ?? this.restored?.seeds ?? [];
    const { past, future } = this.covariateCounts;
    const dims: NetworkDims = { inputSize: settings.inputSize, horizon: settings.horizon, features: 1 + past + future };
    const { kind, params, season, views, backend } = this;
    return saveNeural({ kind, params, season, settings, dims, seeds, views, covariates: this.covariateCounts, backend: backend ?? '' });
  }

  /** Replaces any fit with a saved one (see restoreModel); forecasts as the saved model did, no retraining. */
  async restore(artifact: ModelArtifact): Promise<void> {
    const backend = backendLabel(await ensureBackend());
    const restored = restoreNeural(artifact, (dims, seed) => this.build(dims, seed));
    this.dispose();
    this.report = null;
    this.views = restored.views;
    this.settings = restored.settings;
    this.covariateCounts = restored.covariates;
    this.season = artifact.season;
    this.restored = { seeds: restored.seeds, backend };
  }

  private fitted(what: string): ResolvedSettings {
    if (this.views.length === 0 || !this.settings) throw new Error(`${this.kind}: ${what} called before fit`);
    return this.settings;
  }

  dispose(): void {
    for (const view of this.views) for (const net of view.nets) net.dispose();
    this.views = [];
    this.settings = null;
    this.covariateCounts = { past: 0, future: 0 };
  }
}

/** The fit report of a model if it is a neural one that has been fitted, else null (for run records). */
export function fitReportOf(model: ForecastModel): FitReport | null {
  return model instanceof NeuralModel ? model.report : null;
}
