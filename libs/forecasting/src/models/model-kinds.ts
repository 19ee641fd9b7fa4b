import { MODEL_KINDS, MODEL_PARAMS, type ModelKind, type ModelParams, type ModelSpec } from '@foretell/contracts';
import { ARTIFACT_FORMAT, ArtifactError, type ModelArtifact } from '../core/artifact';
import type { ForecastModel } from '../core/model';
import { AutoArimaModel } from './auto-arima.model';
import { AutoEtsModel } from './auto-ets.model';
import { AutoIntermittentModel } from './auto-intermittent.model';
import { CalendarRegressionModel } from './calendar-regression.model';
import { DLinearModel } from './dlinear.model';
import { DriftModel } from './drift.model';
import { GruModel } from './gru.model';
import { LstmModel } from './lstm.model';
import { MstlModel } from './mstl.model';
import { NaiveModel } from './naive.model';
import { Naive2Model } from './naive2.model';
import { NLinearModel } from './nlinear.model';
import { RnnAttentionModel } from './rnn-attention.model';
import { SeasonalNaiveModel } from './seasonal-naive.model';
import { SERIES_FUNCTION_FACTORIES } from './series-function.models';
import { ThetaModel } from './theta.model';
import { TransformerModel } from './transformer.model';

export type ModelFactory<K extends ModelKind> = (params: ModelParams<K>) => ForecastModel;

/**
 * Model kind → constructor, one line per kind (the one-function local models as one spread): every kind of MODEL_KINDS has one (a missing one fails the type
 * check). Params arrive already parsed (defaults applied) by `createModel`. Tests may swap in spies.
 */
export const MODEL_FACTORIES: { [K in ModelKind]: ModelFactory<K> } = {
  naive: () => new NaiveModel(),
  seasonal_naive: () => new SeasonalNaiveModel(),
  drift: () => new DriftModel(),
  naive2: (params) => new Naive2Model(params),
  // ses, holt, damped, croston, sba, tsb, adida, imapa: one function of the series each.
  ...SERIES_FUNCTION_FACTORIES,
  theta: (params) => new ThetaModel(params),
  auto_ets: (params) => new AutoEtsModel(params),
  auto_arima: (params) => new AutoArimaModel(params),
  auto_intermittent: (params) => new AutoIntermittentModel(params),
  calendar_regression: (params) => new CalendarRegressionModel(params),
  mstl: (params) => new MstlModel(params),
  nlinear: (params) => new NLinearModel(params),
  dlinear: (params) => new DLinearModel(params),
  lstm: (params) => new LstmModel(params),
  gru: (params) => new GruModel(params),
  transformer: (params) => new TransformerModel(params),
  rnn_attention: (params) => new RnnAttentionModel(params),
};

/** A kind this engine does not know (a saved model or request from another version). */
export class UnknownModelError extends Error {
  constructor(readonly kind: string) {
    super(`no model "${kind}" in this engine; available: ${MODEL_KINDS.join(', ')}`);
    this.name = 'UnknownModelError';
  }
}

/** `spec.params` validated and defaulted with MODEL_PARAMS[kind]; a RangeError that names each problem otherwise. */
export function parseModelParams<K extends ModelKind>(spec: { kind: K; params?: Record<string, unknown> }): ModelParams<K> {
  const schema = MODEL_PARAMS[spec.kind];
  if (!schema) throw new UnknownModelError(spec.kind);
  const parsed = schema.safeParse(spec.params ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    throw new RangeError(`invalid parameters for model "${spec.kind}": ${detail}`);
  }
  return parsed.data as ModelParams<K>;
}

/** A fresh, unfitted model for `spec`; its params are validated and defaulted with MODEL_PARAMS[kind]. */
export function createModel(spec: { kind: ModelKind; params?: Record<string, unknown> } | ModelSpec): ForecastModel {
  const factory = MODEL_FACTORIES[spec.kind] as ModelFactory<ModelKind> | undefined;
  if (!factory) throw new UnknownModelError(spec.kind);
  return factory(parseModelParams(spec));
}

/** Parameters a model saved before they existed was fitted without: its saved params lack them, today's default differs. */
const WITHOUT_HIGHWAY = { highway: false };
const SAVED_BEFORE_DEFAULTS: Partial<Record<ModelKind, Record<string, unknown>>> = {
  lstm: WITHOUT_HIGHWAY,
  gru: WITHOUT_HIGHWAY,
  rnn_attention: WITHOUT_HIGHWAY,
};

/**
 * A model that forecasts exactly as the saved one did (`predict` after the fitted series, `forecastFrom` after
 * extensions of them), without refitting. Throws an ArtifactError for an artifact of another format, an unknown
 * kind, parameters or state that do not fit the kind, or weights that do not fit its networks.
 */
export async function restoreModel(artifact: ModelArtifact): Promise<ForecastModel> {
  if ((artifact as { format?: unknown }).format !== ARTIFACT_FORMAT) {
    throw new ArtifactError(`saved model has format ${JSON.stringify(artifact.format)}; this engine reads format ${ARTIFACT_FORMAT}`);
  }
  let model: ForecastModel;
  try {
    model = createModel({ kind: artifact.kind, params: { ...SAVED_BEFORE_DEFAULTS[artifact.kind], ...artifact.params } });
  } catch (error) {
    throw new ArtifactError(`cannot restore a saved "${artifact.kind}" model: ${(error as Error).message}`);
  }
  if (!model.restore) {
    model.dispose();
    throw new ArtifactError(`model "${artifact.kind}" cannot be restored`);
  }
  try {
    await model.restore(artifact);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
