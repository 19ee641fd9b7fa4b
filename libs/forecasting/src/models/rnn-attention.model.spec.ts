import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { fitReportOf } from '../neural/training/neural-model';
import { createModel } from './model-kinds';

describe('rnn_attention', () => {
  it.each(['lstm', 'gru'] as const)('attends over the states of a %s encoder', async (cell) => {
    const airline = readColumn('airline-passengers.csv', 1);
    const units = 5;
    const params = { cell, units, inputSize: 24, patch: 2, epochs: 2, windowsPerEpoch: 64, batchSize: 32 };
    const model = createModel({ kind: 'rnn_attention', params });
    await model.fit({ series: [airline], season: 12, seed: 2, horizon: 12 });
    const [f] = await model.predict(12);
    const report = fitReportOf(model);
    model.dispose();
    expect(f.every(Number.isFinite)).toBe(true);
    const encoder = cell === 'lstm' ? 4 * units * (2 + units + 1) : 3 * units * (2 + units) + 6 * units;
    // Encoder, query projection (units × units + bias), head over [last state, context] (2·units → 12), and the
    // highway from the input window (24 → 12).
    expect(report?.parameterCount).toBe(encoder + units * units + units + 2 * units * 12 + 12 + 24 * 12 + 12);
    expect(report?.settings).toMatchObject({ cell, units, patch: 2, highway: true });
  });
});
