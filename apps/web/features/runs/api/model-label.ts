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
