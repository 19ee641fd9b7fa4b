import { describe, expect, it } from 'vitest';
import { fitSettingsSummary } from './fit-settings';

describe('fitSettingsSummary', () => {
  it('names the input window, the value scales and the highway a fit used', () => {
    expect(fitSettingsSummary({ inputSize: 192, valueScale: 'both', highway: true, epochs: 40 })).toBe('input 192 steps · both value scales · linear highway');
    expect(fitSettingsSummary({ inputSize: 24, valueScale: 'linear', highway: false })).toBe('input 24 steps · linear value scale · no highway');
  });

  it('names both input lengths of a fit with a cycle-long second input', () => {
    expect(fitSettingsSummary({ inputSize: 192, cycleInputSize: 336, valueScale: 'both', highway: false })).toBe('input 192 + 336 steps · both value scales · no highway');
  });

  it('leaves out what a kind does not have (NLinear has no highway) and what a fit did not record', () => {
    expect(fitSettingsSummary({ inputSize: 56, valueScale: 'log' })).toBe('input 56 steps · log value scale');
    expect(fitSettingsSummary(undefined)).toBe('');
    expect(fitSettingsSummary({ inputSize: '56' })).toBe('');
  });
});
