import type { ModelKind } from './models.schema';

/** What a model kind is, for grouping it in lists and presets. */
export type ModelFamily = 'baseline' | 'statistical' | 'intermittent' | 'regression' | 'neural';

/**
 * Which covariates a kind reads: `none` (it forecasts the targets alone), `future` (only regressors known over the
 * horizon: calendar, planned prices) or `all` (past and future ones, as extra input channels).
 */
export type CovariateUse = 'none' | 'future' | 'all';

/** What a model kind can do; the engine, the worker, the command line and the dashboard read it from here. */
export interface ModelCapabilities {
  family: ModelFamily;
  /** One model fitted across all series (the neural ones) rather than one per series. */
  global: boolean;
  covariates: CovariateUse;
  /** `native`: the model produces its own intervals; `conformal`: the engine calibrates them on backtest errors. */
  intervals: 'native' | 'conformal';
}

const local = (family: ModelFamily, covariates: CovariateUse = 'none'): ModelCapabilities => ({
  family,
  global: false,
  covariates,
  intervals: 'conformal',
});
const neural = (covariates: CovariateUse): ModelCapabilities => ({ family: 'neural', global: true, covariates, intervals: 'conformal' });

/** Every kind's capabilities; each implementation declares the same (a forecasting spec checks that they agree). */
export const MODEL_CATALOGUE = {
  naive: local('baseline'),
  seasonal_naive: local('baseline'),
  drift: local('baseline'),
  naive2: local('statistical'),
  ses: local('statistical'),
  holt: local('statistical'),
  damped: local('statistical'),
  theta: local('statistical'),
  auto_ets: local('statistical'),
  auto_arima: local('statistical', 'future'),
  croston: local('intermittent'),
  sba: local('intermittent'),
  tsb: local('intermittent'),
  adida: local('intermittent'),
  imapa: local('intermittent'),
  auto_intermittent: local('intermittent'),
  calendar_regression: local('regression', 'future'),
  mstl: local('statistical'),
  nlinear: neural('all'),
  // DLinear's network reads the target channel only (it is univariate per channel).
  dlinear: neural('none'),
  lstm: neural('all'),
  gru: neural('all'),
  transformer: neural('all'),
  rnn_attention: neural('all'),
} as const satisfies Record<ModelKind, ModelCapabilities>;

/** The kinds among `kinds` that ignore covariates (they forecast the targets alone), in the order given. */
export function kindsIgnoringCovariates(kinds: Iterable<ModelKind>): ModelKind[] {
  return [...kinds].filter((kind) => MODEL_CATALOGUE[kind].covariates === 'none');
}
