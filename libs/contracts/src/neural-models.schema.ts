import { z } from 'zod';

/** Global neural models (one network trained across all series), trained with TensorFlow.js. */
export const NEURAL_MODEL_KINDS = ['nlinear', 'dlinear', 'lstm', 'gru', 'transformer', 'rnn_attention'] as const;
export type NeuralModelKind = (typeof NEURAL_MODEL_KINDS)[number];

/**
 * Training defaults, defined once: the engine applies them and the expected cost of a fit (fit-cost.ts) assumes them.
 * An epoch is `windowsPerEpoch` windows: by default the training pool, kept between these bounds.
 */
export const NEURAL_TRAINING_DEFAULTS = { epochs: 40, minEpochWindows: 512, maxEpochWindows: 4096 } as const;

/** Where a forecast starts from inside each input window: subtract its mean and divide by its std, subtract its last value, or nothing. */
export const windowNormalizationSchema = z.enum(['standard', 'last', 'none']);
export const neuralLossSchema = z.enum(['mse', 'mae', 'huber']);

/**
 * Training settings every neural model shares. Left out, a setting is derived from the data at fit time (horizon,
 * seasonal period, series lengths and count); the fit report records the values actually used.
 */
const training = {
  /** Input window (context) length in steps. Default: about 4 horizons or 2 seasons, capped by the data. */
  inputSize: z.number().int().min(2).max(4096).optional(),
  /** Forecast length the network is trained for. Default: the horizon the engine asks for. */
  horizon: z.number().int().min(1).max(2000).optional(),
  /** Most epochs; training usually stops earlier on the validation loss. */
  epochs: z.number().int().min(1).max(2000).optional(),
  /** Epochs without a better validation loss before stopping (the best weights are kept); 0 disables. */
  patience: z.number().int().min(0).max(200).optional(),
  batchSize: z.number().int().min(1).max(8192).optional(),
  /** Training windows sampled per epoch (all of them when fewer). */
  windowsPerEpoch: z.number().int().min(1).max(10_000_000).optional(),
  /** Only the most recent this many forecast origins of each series are used for training. */
  recentWindows: z.number().int().min(1).optional(),
  learningRate: z.number().positive().max(1).optional(),
  /** Points at the end of every series held out as validation targets for early stopping. Default: the horizon. */
  validation: z.number().int().min(0).optional(),
  loss: neuralLossSchema.optional(),
  /**
   * How each series is scaled before training: `diff` by its mean absolute one-step change (MASE's scale, so series
   * weigh in the loss as in MASE), `std` by its standard deviation (z-scores).
   */
  seriesScaling: z.enum(['diff', 'std']).optional(),
  /**
   * The scale each network learns a series on: its own (`linear`), the log scale (`log`: log(y + c) for a series with
   * no negative value, so errors weigh relative to the level, as sMAPE does; other series stay linear), or `both`: a
   * network on each, their forecasts averaged (twice the training). `both` was chosen by the protocol in
   * docs/ACCURACY.md (leave-one-dataset-out on nine public datasets, judged by OWA).
   */
  valueScale: z.enum(['linear', 'log', 'both']).default('both'),
  /** Per-window normalisation inside the network (RevIN-style), undone on its output. */
  normalization: windowNormalizationSchema.optional(),
  /** Learning rate over the epochs: cosine decay to 5% (default), or halved after patience/2 epochs without progress. */
  schedule: z.enum(['cosine', 'plateau']).optional(),
  /** Draw training windows uniformly (`windows`), or a series uniformly first, then a window in it (`series`). */
  sampling: z.enum(['windows', 'series']).optional(),
  /** Rescale gradients whose global L2 norm exceeds this. */
  clipNorm: z.number().positive().optional(),
  /** Train this many networks with consecutive seeds and average their forecasts. */
  ensemble: z.number().int().min(1).max(20).default(1),
};

/**
 * A linear map from the input window to the horizon added to the network's output (LSTNet's highway, Lai et al.
 * 2018): the linear part carries what a lag says directly (the daily and weekly profile of hourly data), the network
 * learns what it misses. The leave-one-dataset-out protocol of docs/ACCURACY.md (nine public datasets) chose it for the
 * recurrent models, on by default since 2026-12-06 (models saved before restore without it), and not for the
 * Transformer, whose patches already reach every input step.
 */
const highway = (byDefault: boolean) => z.boolean().default(byDefault);

const recurrent = {
  highway: highway(true),
  units: z.number().int().min(1).max(1024).default(64),
  layers: z.number().int().min(1).max(4).default(1),
  /** Consecutive input steps fed to the cell as one step (a segment). Default: chosen so at most 32 steps remain (MAX_DEFAULT_STEPS). */
  patch: z.number().int().min(1).max(512).optional(),
};

export const NEURAL_MODEL_PARAMS = {
  nlinear: z.object({ ...training }).strict(),
  dlinear: z
    .object({
      ...training,
      /** Moving-average window of the trend/remainder decomposition (odd). */
      kernelSize: z.number().int().min(3).max(1001).default(25),
    })
    .strict(),
  lstm: z.object({ ...training, ...recurrent }).strict(),
  gru: z.object({ ...training, ...recurrent }).strict(),
  transformer: z
    .object({
      ...training,
      patchLength: z.number().int().min(1).max(512).optional(),
      patchStride: z.number().int().min(1).max(512).optional(),
      dModel: z.number().int().min(2).max(1024).default(32),
      heads: z.number().int().min(1).max(32).default(4),
      layers: z.number().int().min(1).max(8).default(2),
      /** Width of the position-wise feed-forward block. */
      feedForward: z.number().int().min(1).max(4096).default(64),
      dropout: z.number().min(0).max(0.9).default(0.1),
      highway: highway(false),
      /**
       * Where two of the longest candidate cycles (hourly data: 336 hours, two weeks) are longer than the default
       * input and fit the series, also train networks on that input and average them with the others (twice the
       * training there; unused when `inputSize` is given). Chosen by the protocol of docs/ACCURACY.md on hourly data
       * it had not seen ("Fresh hourly data").
       */
      cycleInput: z.boolean().default(true),
    })
    .strict()
    .refine((p) => p.dModel % p.heads === 0, { message: 'dModel must be a multiple of heads', path: ['dModel'] }),
  rnn_attention: z
    .object({
      ...training,
      ...recurrent,
      cell: z.enum(['lstm', 'gru']).default('gru'),
    })
    .strict(),
} satisfies Record<NeuralModelKind, z.ZodType>;
