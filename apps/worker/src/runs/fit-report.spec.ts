import { describe, expect, it } from 'vitest';
import { evaluateModel } from '@foretell/forecasting';
import { EpochLog, epochOf } from './fit-report';

describe('neural fit report from the engine progress', () => {
  it('reads an epoch from a progress message', () => {
    expect(epochOf('backtest window 1 of 2: lstm epoch 3/50 loss 0.1234 val 0.2345')).toEqual({ epoch: 3, epochs: 50, loss: 0.1234, valLoss: 0.2345 });
    expect(epochOf('forecast: nlinear 2/3 epoch 7/10 loss 1.5000')).toEqual({ epoch: 7, epochs: 10, loss: 1.5 });
    expect(epochOf('backtest window 1 of 2')).toEqual({});
  });

  it('keeps the final fit: every epoch it ran, the first network’s curve, one network’s parameters', async () => {
    const series = [Float64Array.from({ length: 120 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 12) + t / 50)];
    const log = new EpochLog();
    const evaluation = await evaluateModel({
      series,
      horizon: 6,
      season: 12,
      backtest: { windows: 2, step: 6 },
      model: { kind: 'nlinear', params: { epochs: 5, patience: 0, ensemble: 2 } },
      seed: 1,
      keepArtifact: true,
      onProgress: (_, message) => log.observe(message),
    });
    const report = log.report(evaluation.artifact?.model.weights?.shapes);
    // NLinear is one dense layer from the input window to the horizon: (inputSize × 6) weights + 6 biases.
    const inputSize = evaluation.artifact!.model.weights!.shapes[0]![0]!;
    expect(report).toMatchObject({ epochs: 10, maxEpochs: 5, members: 2, parameterCount: inputSize * 6 + 6 });
    expect(report!.curve.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(report!.curve.every((p) => p.loss > 0 && p.valLoss !== null)).toBe(true);
    expect(new EpochLog().report()).toBeNull();
  });
});
