import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { fitReportOf } from '../neural/training/neural-model';
import { defaultPatch } from '../neural/layers/recurrent-encoder';
import { createModel } from './model-kinds';

const airline = readColumn('airline-passengers.csv', 1);
const TINY = { epochs: 2, windowsPerEpoch: 64, batchSize: 32 };

async function fitted(kind: 'lstm' | 'gru', params: Record<string, unknown>) {
  const model = createModel({ kind, params: { ...TINY, ...params } });
  await model.fit({ series: [airline], season: 12, seed: 1, horizon: 6 });
  const [forecast] = await model.predict(6);
  const report = fitReportOf(model);
  model.dispose();
  if (!report) throw new Error('no report');
  return { forecast, report };
}

describe('recurrent models (lstm, gru)', () => {
  it('cut long inputs into segments of at most ~32 steps by default', () => {
    expect(defaultPatch(24)).toBe(1);
    expect(defaultPatch(52)).toBe(2);
    expect(defaultPatch(336)).toBe(11);
  });

  it('pad an input that does not divide into whole segments, and record the segment length', async () => {
    const { forecast, report } = await fitted('lstm', { inputSize: 10, patch: 4, units: 5 });
    expect(forecast.every(Number.isFinite)).toBe(true);
    expect(report.settings).toMatchObject({ inputSize: 10, patch: 4, units: 5 });
    // LSTM: 4 gates × units × (segment inputs + units + bias), the dense head units → horizon, the highway input → horizon.
    expect(report.parameterCount).toBe(4 * 5 * (4 + 5 + 1) + 5 * 6 + 6 + 10 * 6 + 6);
  });

  it('count GRU parameters with its two bias vectors (reset-after form) and stack layers', async () => {
    const { report } = await fitted('gru', { inputSize: 12, patch: 3, units: 4, layers: 2 });
    const layer = (inputs: number) => 3 * 4 * (inputs + 4) + 2 * 3 * 4;
    expect(report.parameterCount).toBe(layer(3) + layer(4) + 4 * 6 + 6 + 12 * 6 + 6);
  });
});
