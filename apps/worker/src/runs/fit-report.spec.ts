import { describe, expect, it } from 'vitest';
import { neuralFitReportSchema } from '@foretell/contracts';
import { createModel, fitReportOf } from '@foretell/forecasting';
import { neuralFitReport } from './fit-report';

describe('neural fit report of a run model', () => {
  it('keeps every epoch run, the first network’s curve, one network’s parameters', async () => {
    const series = [Float64Array.from({ length: 120 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 12) + t / 50)];
    const model = createModel({ kind: 'nlinear', params: { epochs: 5, patience: 0, ensemble: 2 } });
    try {
      await model.fit({ series, season: 12, seed: 1, horizon: 6 });
      const fitted = fitReportOf(model);
      if (!fitted) throw new Error('a fitted neural model has a fit report');
      const report = neuralFitReport(fitted);
      // NLinear is one dense layer from the input window to the horizon: (inputSize × 6) weights + 6 biases.
      const inputSize = model.save?.().weights?.shapes[0]?.[0] ?? Number.NaN;
      // Two networks per value scale (ensemble 2, both scales by default): four of five epochs each.
      expect(report).toMatchObject({ epochs: 20, maxEpochs: 5, members: 4, parameterCount: inputSize * 6 + 6 });
      // The settings the fit used, defaults resolved: what the request left out is shown, not hidden in the artifact.
      expect(report.settings).toMatchObject({ inputSize, horizon: 6, epochs: 5, ensemble: 2, valueScale: 'both', seriesScaling: expect.any(String) });
      expect(report.curve.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
      expect(report.curve.map((p) => p.loss)).toEqual(fitted.members[0]?.curve.map((e) => e.loss));
      expect(report.curve.every((p) => p.loss > 0 && p.valLoss !== null)).toBe(true);
      expect(neuralFitReportSchema.parse(report)).toEqual(report);
    } finally {
      model.dispose();
    }
  });
});
