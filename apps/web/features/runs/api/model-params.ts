import { MODEL_PARAMS, type ModelKind } from '@foretell/contracts';
import { z } from 'zod';

export interface ParamField {
  name: string;
  input: 'number' | 'integer' | 'boolean' | 'choice' | 'text' | 'json';
  default?: unknown;
  choices?: string[];
  min?: number;
  max?: number;
  description?: string;
}

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
}

/**
 * The form fields of a model kind's hyperparameters, read from its zod schema in contracts, so kinds added there
 * get a form without changes here. Types a plain input cannot hold (lists, objects) are edited as JSON.
 */
export function paramFields(kind: ModelKind): ParamField[] {
  const schema = z.toJSONSchema(MODEL_PARAMS[kind], { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
  };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const field: ParamField = { name, input: 'json', default: p.default, description: p.description };
    if (p.enum && p.enum.every((v) => typeof v === 'string')) {
      field.input = 'choice';
      field.choices = p.enum as string[];
    } else if (p.type === 'integer' || p.type === 'number') {
      field.input = p.type;
      field.min = p.minimum ?? p.exclusiveMinimum;
      field.max = p.maximum ?? p.exclusiveMaximum;
    } else if (p.type === 'boolean') {
      field.input = 'boolean';
    } else if (p.type === 'string') {
      field.input = 'text';
    }
    return field;
  });
}

export type RawParams = Record<string, string>;
export type BuiltParams = { ok: true; params: Record<string, unknown> } | { ok: false; issues: string[] };

/**
 * Turns what the user typed into a params object. Empty fields are left out, so the model's defaults apply; the
 * result is checked against the kind's schema so mistakes show before the run is submitted.
 */
export function buildParams(kind: ModelKind, fields: ParamField[], raw: RawParams): BuiltParams {
  const params: Record<string, unknown> = {};
  const issues: string[] = [];
  for (const field of fields) {
    const text = raw[field.name]?.trim() ?? '';
    if (text === '') continue;
    if (field.input === 'number' || field.input === 'integer') {
      const n = Number(text);
      if (!Number.isFinite(n)) issues.push(`${field.name}: "${text}" is not a number`);
      else params[field.name] = n;
    } else if (field.input === 'boolean') {
      params[field.name] = text === 'true';
    } else if (field.input === 'json') {
      try {
        params[field.name] = JSON.parse(text);
      } catch {
        issues.push(`${field.name}: not valid JSON`);
      }
    } else {
      params[field.name] = text;
    }
  }
  if (issues.length) return { ok: false, issues };
  const parsed = MODEL_PARAMS[kind].safeParse(params);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || kind}: ${i.message}`) };
  }
  return { ok: true, params };
}

/**
 * Each parameter in the analyst's words: a label, a one-line help, and whether it is a knob that changes the model
 * most (shown up front; the rest fold under "Advanced settings"). Keyed by parameter name, so a kind gets them when
 * its schema has them; a name missing here shows as itself (model-params.spec checks every kind is covered).
 */
const PARAM_TEXT: Record<string, { label: string; help: string; key?: true }> = {
  epochs: { label: 'Training rounds (max)', help: 'Most passes over the data; early stopping usually ends sooner. Empty: chosen from the data.', key: true },
  inputSize: { label: 'Look-back window', help: 'Past points the network reads per forecast. Empty: about 4 horizons or 2 seasons.', key: true },
  units: { label: 'Memory size', help: 'Hidden units per recurrent layer: more learns more, trains slower.', key: true },
  layers: { label: 'Layers', help: 'Stacked layers: deeper learns more complex patterns, trains slower.', key: true },
  dModel: { label: 'Network width', help: 'Width of the attention layers; a multiple of the attention heads.', key: true },
  heads: { label: 'Attention heads', help: 'Parallel views of the look-back window the network learns.', key: true },
  kernelSize: { label: 'Trend smoothing window', help: 'Points averaged to separate the trend from the rest (odd).', key: true },
  cell: { label: 'Recurrent cell', help: 'GRU is lighter; LSTM keeps longer memory.', key: true },
  ensemble: { label: 'Networks averaged', help: 'Networks trained with different seeds, forecasts averaged: steadier, slower.', key: true },
  seasonality: { label: 'Seasonal adjustment', help: 'test: adjust when the M4 90% autocorrelation test passes.', key: true },
  theta: { label: 'Trend curvature (θ)', help: 'Curvature of the θ-line; 2 is the M4 Theta method.', key: true },
  ic: { label: 'Selection criterion', help: 'Information criterion that picks the best variant (AICc suits short series).', key: true },
  stepwise: { label: 'Fast search', help: 'Stepwise search of the orders (off: tries every order, much slower).', key: true },
  additiveOnly: { label: 'Additive variants only', help: 'Leave out multiplicative error and seasonality (safer for series with zeros).', key: true },
  alpha: { label: 'Smoothing weight', help: 'Weight of the newest demand sizes and intervals (0 to 1).', key: true },
  optimize: { label: 'Tune the weight', help: 'Choose each weight in [0.1, 0.3] by in-sample squared error.', key: true },
  alphaD: { label: 'Demand size weight', help: 'Smoothing weight of the non-zero demand sizes (0 to 1).', key: true },
  alphaP: { label: 'Demand chance weight', help: 'Smoothing weight of the probability of demand (0 to 1).', key: true },
  intermittent: { label: 'Method for sparse series', help: 'Method for intermittent and lumpy series (many zeros).', key: true },
  otherwise: { label: 'Method for regular series', help: 'Method for the series that are not intermittent.', key: true },
  trend: { label: 'Straight-line trend', help: 'Add a straight-line trend over time.', key: true },
  ridge: { label: 'Shrinkage', help: 'Ridge penalty on the standardised features; larger shrinks their effects.', key: true },
  adjustedModel: { label: 'Model after deseasonalising', help: 'What forecasts the series once its seasonal cycles are taken out.', key: true },
  lags: { label: 'Lagged values', help: 'Past offsets used as features, as a JSON list, e.g. [1, 7].' },
  maxP: { label: 'Max AR order', help: 'Most autoregressive terms tried.' },
  maxQ: { label: 'Max MA order', help: 'Most moving-average terms tried.' },
  maxSeasonalP: { label: 'Max seasonal AR order', help: 'Most seasonal autoregressive terms tried.' },
  maxSeasonalQ: { label: 'Max seasonal MA order', help: 'Most seasonal moving-average terms tried.' },
  maxOrder: { label: 'Max total order', help: 'Most terms of all kinds together.' },
  maxD: { label: 'Max differencing', help: 'Most times the series is differenced.' },
  maxSeasonalD: { label: 'Max seasonal differencing', help: 'Most times the series is differenced by a season.' },
  horizon: { label: 'Trained horizon', help: 'Points ahead the network is trained for. Empty: the run\'s horizon.' },
  patience: { label: 'Early-stopping patience', help: 'Rounds without a better validation error before stopping; 0 never stops early.' },
  batchSize: { label: 'Batch size', help: 'Training windows per update step.' },
  windowsPerEpoch: { label: 'Windows per round', help: 'Training windows sampled per pass (all of them when fewer).' },
  recentWindows: { label: 'Recent windows only', help: 'Train only on the newest this many forecast origins of each series.' },
  learningRate: { label: 'Learning rate', help: 'Size of each update step.' },
  validation: { label: 'Validation points', help: 'Points at the end of each series held out to stop training. Empty: the horizon.' },
  loss: { label: 'Training error', help: 'Error the network minimises: squared (mse), absolute (mae) or a blend (huber).' },
  seriesScaling: { label: 'Series scaling', help: 'diff: by the mean step change (as MASE weighs series); std: by the standard deviation.' },
  valueScale: { label: 'Value scale', help: 'both: a network on the values and one on their logarithm, averaged (twice the training); linear or log: one of them.' },
  normalization: { label: 'Window normalisation', help: 'How each input window is normalised inside the network.' },
  schedule: { label: 'Learning-rate schedule', help: 'cosine: decays smoothly; plateau: halves when progress stalls.' },
  sampling: { label: 'Window sampling', help: 'windows: every window alike; series: each series alike, then a window in it.' },
  clipNorm: { label: 'Gradient clipping', help: 'Rescale updates larger than this (steadier training).' },
  patch: { label: 'Steps per segment', help: 'Input steps fed to the cell as one. Empty: so that at most 32 remain.' },
  patchLength: { label: 'Patch length', help: 'Input steps per patch the attention compares. Empty: from the data.' },
  patchStride: { label: 'Patch stride', help: 'Steps between patches. Empty: from the data.' },
  feedForward: { label: 'Feed-forward width', help: 'Width of the block after each attention layer.' },
  cycleInput: { label: 'Two-cycle input too', help: 'Where two of the longest cycles (hourly data: two weeks) are longer than the input, also train on them and average (twice the training). Off when the look-back is set.' },
  highway: { label: 'Linear highway', help: 'A linear map from the input to the forecast, added to the network (carries the daily and weekly profile).' },
  dropout: { label: 'Dropout', help: 'Share of activations dropped while training (0 to 0.9), against overfitting.' },
};

/** A parameter's label for people ("Look-back window" for inputSize). */
export function paramLabel(name: string): string {
  return PARAM_TEXT[name]?.label ?? name;
}

/** The names of the parameters that have no label, for the test that keeps the table total. */
export function unlabelledParams(fields: readonly ParamField[]): string[] {
  return fields.filter((f) => !(f.name in PARAM_TEXT)).map((f) => f.name);
}

/** A kind's fields split into the key ones and the advanced rest, each with its one-line help. */
export function splitFields(fields: ParamField[]): { key: ParamField[]; more: ParamField[] } {
  const key: ParamField[] = [];
  const more: ParamField[] = [];
  for (const field of fields) {
    const text = PARAM_TEXT[field.name];
    const described = { ...field, description: text?.help ?? field.description };
    if (text?.key) key.push(described);
    else more.push(described);
  }
  return { key, more };
}
