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
 * The knobs that change a model most, shown up front with a hint (the rest sit under "More settings"). Keyed by
 * parameter name, so a kind gets them when its schema has them.
 */
const KEY_PARAMS: Record<string, string> = {
  epochs: 'Most epochs; early stopping usually ends sooner. Empty: chosen from the data.',
  inputSize: 'Input window in steps. Empty: about 4 horizons or 2 seasons.',
  units: 'Hidden units per recurrent layer.',
  layers: 'Stacked layers.',
  dModel: 'Width of the attention layers (a multiple of heads).',
  heads: 'Attention heads.',
  kernelSize: 'Moving-average window of the trend (odd).',
  cell: 'Recurrent cell.',
  ensemble: 'Networks trained with different seeds, forecasts averaged.',
  seasonality: 'test: adjust when the M4 90% autocorrelation test passes.',
  theta: 'Curvature of the θ-line; 2 is the M4 Theta.',
  ic: 'Criterion that picks the model.',
  stepwise: 'Stepwise search (false: every order, much slower).',
  additiveOnly: 'Only additive error and seasonality.',
  alpha: 'Smoothing weight of the demand sizes and intervals.',
  optimize: 'Choose each weight in [0.1, 0.3] by in-sample squared error.',
  alphaD: 'Smoothing weight of the non-zero demand sizes.',
  alphaP: 'Smoothing weight of the probability of demand.',
  intermittent: 'Method for intermittent and lumpy series.',
  otherwise: 'Method for the other series.',
  trend: 'A straight-line trend over time.',
  ridge: 'Ridge penalty on the standardised features; larger shrinks their effects.',
  adjustedModel: 'What forecasts the series once its seasonal cycles are taken out.',
};

/** A kind's fields split into the key ones (with their hint) and the rest. */
export function splitFields(fields: ParamField[]): { key: ParamField[]; more: ParamField[] } {
  const key: ParamField[] = [];
  const more: ParamField[] = [];
  for (const field of fields) {
    if (field.name in KEY_PARAMS) key.push({ ...field, description: field.description ?? KEY_PARAMS[field.name] });
    else more.push(field);
  }
  return { key, more };
}
