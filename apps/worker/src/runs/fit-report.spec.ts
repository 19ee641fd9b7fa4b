import { describe, expect, it } from 'vitest';
import { neuralFitReportSchema } from '@foretell/contracts';
import { evaluateModel } from '@foretell/forecasting';
import { neuralFitReport } from './fit-report';

describe('neural fit report of a run model', () => {
  it('keeps the final fit: every epoch it ran, the first network’s curve, one network’s parameters', async () => {
    const series = [Float64Array.from({ length: 120 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 12) + t / 50)];
    const evaluation = await evaluateModel({
      series,
      horizon: 6,
      season: 12,
      backtest: { windows: 2, step: 6 },
      model: { kind: 'nlinear', params: { epochs: 5, patience: 0, ensemble: 2 } },
      seed: 1,
      keepArtifact: true,
    });
    const report = neuralFitReport(evaluation.fitReport!);
    // NLinear is one dense layer from the input window to the horizon: (inputSize × 6) weights + 6 biases.
    const inputSize = evaluation.artifact!.model.weights!.shapes[0]![0]!;
    expect(report).toMatchObject({ epochs: 10, maxEpochs: 5, members: 2, parameterCount: inputSize * 6 + 6 });
    expect(report.curve.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(report.curve.every((p) => p.loss > 0 && p.valLoss !== null)).toBe(true);
    expect(neuralFitReportSchema.parse(report)).toEqual(report);
  });
});
