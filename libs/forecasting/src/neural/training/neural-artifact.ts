import * as tf from '@tensorflow/tfjs-core';
import type { NeuralModelKind } from '@foretell/contracts';
import { z } from 'zod';
import { ArtifactError, ARTIFACT_FORMAT, parseState, weightCount, type ModelArtifact } from '../../core/artifact';
import { saveNumber, savedNumber } from '../../core/saved-numbers';
import type { CovariateCounts } from '../../core/covariates';
import type { Network, NetworkDims } from './network';
import type { ScaleView } from './neural-model';
import type { ScaledSeries } from './series-windows';
import type { ResolvedSettings } from './training-defaults';

/**
 * Saving and restoring a fitted global neural model: the resolved settings, the network shape, per view (value scale
 * and input length) each series' scaling statistics and the last `inputSize` scaled values (all a forecast after the
 * fitted series reads), and the variables of every network (the views' in order, each view's ensemble members) as
 * float32 weights. A model saved before value scales has one linear view; one saved before a second input length has
 * every view on `settings.inputSize`. Restored networks are built by the model kind itself and
 * given the saved values, so they compute exactly what the trained ones did on the same tfjs version and backend.
 */

/** What a fitted NeuralModel hands over to be saved. */
export interface NeuralFit {
  kind: NeuralModelKind;
  params: object;
  season: number;
  settings: ResolvedSettings;
  dims: NetworkDims;
  seeds: number[];
  views: readonly ScaleView[];
  covariates: CovariateCounts;
  backend: string;
}

/** What a restored NeuralModel takes back. */
export interface RestoredNeural {
  settings: ResolvedSettings;
  seeds: number[];
  views: ScaleView[];
  covariates: CovariateCounts;
}

const channelStats = z.object({ mean: savedNumber, std: savedNumber });

const savedSeries = z.object({
  length: z.number().int().min(1),
  mean: savedNumber,
  std: savedNumber,
  /** On the log scale: c of log(y + c). */
  logShift: savedNumber.optional(),
  /** The last min(length, inputSize) scaled values; float32 values, exact as JSON numbers. */
  tail: z.array(z.number()),
  covariateStats: z.object({ past: z.array(channelStats), future: z.array(channelStats) }).optional(),
});
type SavedSeries = z.infer<typeof savedSeries>;

const neuralStateSchema = z.object({
  settings: z.looseObject({
    inputSize: z.number().int().min(1),
    horizon: z.number().int().min(1),
    normalization: z.enum(['standard', 'last', 'none']),
    seriesScaling: z.enum(['diff', 'std']),
  }),
  dims: z.object({ inputSize: z.number().int().min(1), horizon: z.number().int().min(1), features: z.number().int().min(1) }),
  seeds: z.array(z.number().int()).min(1),
  covariates: z.object({ past: z.number().int().nonnegative(), future: z.number().int().nonnegative() }),
  /** The value scale of each view (absent: one linear view); the seeds divide evenly among them. */
  scales: z.array(z.enum(['linear', 'log'])).min(1).optional(),
  /** The input length of each view, where they differ (absent: all `settings.inputSize`). */
  inputSizes: z.array(z.number().int().min(1)).optional(),
  /** The first view's series, then (`moreViews`) the others'. */
  series: z.array(savedSeries),
  moreViews: z.array(z.array(savedSeries)).optional(),
});

function saveSeries(s: ScaledSeries, L: number): z.input<typeof savedSeries> {
  return {
    length: s.values.length,
    mean: saveNumber(s.mean),
    std: saveNumber(s.std),
    ...(s.logShift !== undefined && { logShift: saveNumber(s.logShift) }),
    tail: Array.from(s.values.subarray(Math.max(0, s.values.length - L))),
    ...(s.covariates && {
      covariateStats: {
        past: s.covariates.stats.past.map((c) => ({ mean: saveNumber(c.mean), std: saveNumber(c.std) })),
        future: s.covariates.stats.future.map((c) => ({ mean: saveNumber(c.mean), std: saveNumber(c.std) })),
      },
    }),
  };
}

function restoreSeries(kind: string, s: SavedSeries): ScaledSeries {
  if (s.tail.length > s.length || s.tail.length === 0) throw new ArtifactError(`${kind}: a saved input tail does not fit its series`);
  // Only the last inputSize values are ever read; the rest of the fitted length is kept as zeros.
  const values = new Float32Array(s.length);
  values.set(s.tail, s.length - s.tail.length);
  const stats = s.covariateStats;
  return {
    values,
    mean: s.mean,
    std: s.std,
    ...(s.logShift !== undefined && { logShift: s.logShift }),
    ...(stats && { covariates: { past: [], future: [], stats } }),
  };
}

export function saveNeural(fit: NeuralFit): ModelArtifact {
  const variables = fit.views.flatMap((view) => view.nets.flatMap((net) => net.variables));
  const data = new Float32Array(weightCount(variables.map((v) => v.shape)));
  let at = 0;
  for (const v of variables) {
    data.set(v.dataSync() as Float32Array, at);
    at += v.size;
  }
  const [first, ...others] = fit.views.map((view) => view.series.map((s) => saveSeries(s, view.settings.inputSize)));
  const inputSizes = fit.views.map((view) => view.settings.inputSize);
  const views = {
    scales: fit.views.map((view) => view.scale),
    ...(inputSizes.some((L) => L !== fit.settings.inputSize) && { inputSizes }),
    series: first,
    ...(others.length > 0 && { moreViews: others }),
  };
  // JSON has no `undefined`: settings the user left unset are simply absent.
  const settings = JSON.parse(JSON.stringify(fit.settings)) as Record<string, z.core.util.JSONType>;
  return {
    format: ARTIFACT_FORMAT,
    kind: fit.kind,
    params: JSON.parse(JSON.stringify(fit.params)) as Record<string, z.core.util.JSONType>,
    season: fit.season,
    state: { settings, dims: { ...fit.dims }, seeds: fit.seeds, covariates: { ...fit.covariates }, ...views },
    weights: { shapes: variables.map((v) => [...v.shape]), data },
    engine: { backend: fit.backend, tfjs: tf.version_core },
  };
}

/**
 * Networks from `build` (one per saved seed) given the saved weights; throws an ArtifactError, leaking nothing, when
 * the weights do not match the networks the kind builds for the saved dims.
 */
export function restoreNeural(artifact: ModelArtifact, build: (dims: NetworkDims, seed: number) => Network): RestoredNeural {
  const state = parseState(artifact.kind, neuralStateSchema, artifact.state);
  const weights = artifact.weights;
  if (!weights) throw new ArtifactError(`${artifact.kind}: the saved model has no weights`);
  if (weights.data.length !== weightCount(weights.shapes)) {
    throw new ArtifactError(`${artifact.kind}: ${weights.data.length} weights for shapes holding ${weightCount(weights.shapes)}`);
  }
  const scales = state.scales ?? ['linear'];
  const seriesOfViews = [state.series, ...(state.moreViews ?? [])];
  const inputSizes = state.inputSizes ?? scales.map(() => state.settings.inputSize);
  if (seriesOfViews.length !== scales.length || inputSizes.length !== scales.length || state.seeds.length % scales.length !== 0) {
    throw new ArtifactError(
      `${artifact.kind}: ${scales.length} value scales and ${inputSizes.length} input lengths for ${seriesOfViews.length} views and ${state.seeds.length} networks`,
    );
  }
  const perView = state.seeds.length / scales.length;
  const settings = state.settings as unknown as ResolvedSettings;
  const views: ScaleView[] = scales.map((scale, v) => ({
    scale,
    settings: { ...settings, inputSize: inputSizes[v] },
    series: seriesOfViews[v].map((s) => restoreSeries(artifact.kind, s)),
    nets: [],
  }));
  const nets: Network[] = [];
  try {
    let tensor = 0;
    let at = 0;
    for (const [n, seed] of state.seeds.entries()) {
      const view = views[Math.floor(n / perView)];
      const net = build({ ...state.dims, inputSize: view.settings.inputSize }, seed);
      nets.push(net);
      view.nets.push(net);
      for (const v of net.variables) {
        const shape = weights.shapes[tensor];
        if (!shape || shape.length !== v.shape.length || shape.some((d, i) => d !== v.shape[i])) {
          throw new ArtifactError(
            `${artifact.kind}: saved tensor ${tensor} has shape [${shape?.join(', ') ?? 'none'}], ` +
              `the network built from the saved settings needs [${v.shape.join(', ')}]`,
          );
        }
        const values = weights.data.subarray(at, at + v.size);
        tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
        tensor++;
        at += v.size;
      }
    }
    if (tensor !== weights.shapes.length) {
      throw new ArtifactError(`${artifact.kind}: ${weights.shapes.length} saved tensors, the networks have ${tensor}`);
    }
  } catch (error) {
    for (const net of nets) net.dispose();
    throw error;
  }
  return {
    settings,
    seeds: state.seeds,
    views,
    covariates: state.covariates,
  };
}
