import type { ModelKind } from '@foretell/contracts';

/** Words of model kinds that have a conventional spelling; kinds themselves come from contracts. */
const SPELLING: Record<string, string> = {
  ses: 'SES',
  ets: 'ETS',
  arima: 'ARIMA',
  lstm: 'LSTM',
  gru: 'GRU',
  rnn: 'RNN',
  mlp: 'MLP',
  tcn: 'TCN',
  tft: 'TFT',
  nbeats: 'N-BEATS',
  nhits: 'N-HiTS',
  nlinear: 'NLinear',
  dlinear: 'DLinear',
  sba: 'SBA',
  tsb: 'TSB',
  adida: 'ADIDA',
  imapa: 'IMAPA',
  mstl: 'MSTL',
};

/** A display name for a model kind: `auto_arima` → "Auto ARIMA", `seasonal_naive` → "Seasonal naive". */
export function modelLabel(kind: string): string {
  const label = kind
    .split('_')
    .map((w) => SPELLING[w] ?? w)
    .join(' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** One line per model kind for the new-run form: what it does, in an analyst's words. */
const MODEL_HELP: Record<ModelKind, string> = {
  naive: 'Repeats the last value: the baseline every model must beat.',
  seasonal_naive: 'Repeats the last season (same hour yesterday, same week last year).',
  drift: 'Extends the line from the first to the last value.',
  naive2: 'Last value after removing the season, then the season put back (M4 benchmark).',
  ses: 'Exponential smoothing of the level, no trend.',
  holt: 'Exponential smoothing of level and trend.',
  damped: 'Holt’s trend, flattening out over the horizon.',
  theta: 'Smoothed level plus half the long-run trend; strong on M4.',
  auto_ets: 'Picks the best error, trend and season form of exponential smoothing.',
  auto_arima: 'Searches ARIMA orders for each series; slower, reads the calendar.',
  croston: 'For intermittent demand: sizes and intervals smoothed apart.',
  sba: 'Croston with its bias corrected.',
  tsb: 'Intermittent demand whose chance of a sale can fade.',
  adida: 'Intermittent demand forecast from aggregated buckets.',
  imapa: 'Intermittent demand averaged over several aggregation levels.',
  auto_intermittent: 'Intermittent methods for sparse series, smoothing for the rest.',
  calendar_regression: 'Regression on calendar features and holidays.',
  mstl: 'Several seasons (daily and weekly) taken out, the rest forecast.',
  nlinear: 'Neural: one linear map from the recent window; fast.',
  dlinear: 'Neural: linear maps of trend and remainder; fast.',
  lstm: 'Neural: recurrent network with long memory; slow.',
  gru: 'Neural: lighter recurrent network; slow.',
  transformer: 'Neural: attention over patches of the window.',
  rnn_attention: 'Neural: recurrent encoder with attention; slowest.',
};

export const modelHelp = (kind: ModelKind): string => MODEL_HELP[kind];
