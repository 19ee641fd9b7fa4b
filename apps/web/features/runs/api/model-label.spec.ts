import { describe, expect, it } from 'vitest';
import { modelLabel } from './model-label';

describe('modelLabel', () => {
  it('reads kinds as words and keeps abbreviations upper case', () => {
    expect(modelLabel('seasonal_naive')).toBe('Seasonal naive');
    expect(modelLabel('auto_arima')).toBe('Auto ARIMA');
    expect(modelLabel('ses')).toBe('SES');
    expect(modelLabel('naive2')).toBe('Naive2');
    expect(modelLabel('rnn_attention')).toBe('RNN attention');
    expect(modelLabel('dlinear')).toBe('DLinear');
    expect(modelLabel('tsb')).toBe('TSB');
    expect(modelLabel('auto_intermittent')).toBe('Auto intermittent');
  });
});
