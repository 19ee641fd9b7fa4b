import type { FitProgress } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { evaluateModel } from './evaluate-model';

const series = [Float64Array.from({ length: 120 }, (_, t) => 10 + Math.sin((2 * Math.PI * t) / 12) + t / 50)];

describe('a neural evaluation’s progress and fit report', () => {
  it('reports each epoch of each network with the fit it belongs to, and returns the final fit’s report', async () => {
    const events: FitProgress[] = [];
    const evaluation = await evaluateModel({
      series,
      horizon: 6,
      season: 12,
      backtest: { windows: 2, step: 6 },
      model: { kind: 'nlinear', params: { epochs: 3, patience: 0 } },
      seed: 1,
      onProgress: (progress) => events.push(progress),
    });
    const epochs = events.filter((e) => e.epoch);
    // Three fits (two backtest windows, the final one) of two networks (one per value scale) of three epochs each.
    expect(epochs).toHaveLength(18);
    const fitOf = (e: FitProgress) => (e.phase.kind === 'backtest' ? `backtest ${e.phase.window}/${e.phase.of}` : 'final');
    expect([...new Set(epochs.map(fitOf))]).toEqual(['backtest 1/2', 'backtest 2/2', 'final']);
    const final = epochs.filter((e) => e.phase.kind === 'final').map((e) => e.epoch!);
    expect(final.map((e) => [e.network?.n, e.n, e.of])).toEqual([
      [1, 1, 3],
      [1, 2, 3],
      [1, 3, 3],
      [2, 1, 3],
      [2, 2, 3],
      [2, 3, 3],
    ]);
    expect(final.every((e) => e.loss > 0 && e.valLoss! > 0 && e.network?.of === 2)).toBe(true);
    // The overall fraction never goes back, though every fit's epoch counter starts over.
    const fractions = events.map((e) => e.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);

    const report = evaluation.fitReport!;
    expect(report.members.map((m) => m.curve.length)).toEqual([3, 3]);
    // The report is the final fit's: its losses are those the final fit's epochs reported.
    expect(report.members[0].curve.map((r) => r.loss)).toEqual(final.slice(0, 3).map((e) => e.loss));
  });

  it('has no fit report for a statistical model', async () => {
    const evaluation = await evaluateModel({ series, horizon: 6, season: 12, backtest: { windows: 1, step: 6 }, model: { kind: 'theta' } });
    expect(evaluation.fitReport).toBeNull();
  });
});
