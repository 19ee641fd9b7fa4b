import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RUN_MODEL_KINDS } from './ensembles.schema';
import { expectedFitSeconds, overallProgress } from './fit-cost';
import { NEURAL_MODEL_KINDS } from './neural-models.schema';

const m4Weekly = { points: 366_912, windows: 0 };

describe('expectedFitSeconds', () => {
  it('reproduces the measured fit times it is calibrated on (M4 Weekly, one fit, within 30%)', () => {
    // docs/BENCHMARKS.md and docs/NEURAL.md: theta 0.37 s, auto_arima ~47 s, lstm 19.1 s, transformer 47.4 s.
    // The neural figures were measured with one network (valueScale 'linear'); the default trains one per scale.
    const measured = { theta: 0.37, auto_arima: 47, lstm: 19.1, transformer: 47.4 } as const;
    for (const [kind, seconds] of Object.entries(measured)) {
      const expected = expectedFitSeconds({ kind: kind as keyof typeof measured, params: { valueScale: 'linear' } }, m4Weekly);
      expect(Math.abs(expected / seconds - 1), kind).toBeLessThan(0.3);
    }
    for (const kind of ['lstm', 'transformer'] as const) {
      const one = expectedFitSeconds({ kind, params: { valueScale: 'log' } }, m4Weekly);
      expect(expectedFitSeconds({ kind }, m4Weekly) / one, kind).toBeCloseTo(2, 9);
    }
  });

  it('weighs a default Transformer far above the statistical models on hourly data (issue 16: 40 series × 800 h)', () => {
    const data = { points: 32_000, windows: 3 };
    const transformer = expectedFitSeconds({ kind: 'transformer' }, data);
    for (const kind of ['naive', 'seasonal_naive', 'theta', 'ses', 'damped'] as const) {
      expect(transformer / expectedFitSeconds({ kind }, data), kind).toBeGreaterThan(100);
    }
  });

  it('is positive for every kind, grows with the windows, and with epochs, epoch size and networks for neural kinds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RUN_MODEL_KINDS),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 50 }),
        (kind, points, windows) => {
          const seconds = expectedFitSeconds({ kind }, { points, windows });
          expect(seconds).toBeGreaterThan(0);
          expect(expectedFitSeconds({ kind }, { points, windows: windows + 1 })).toBeGreaterThan(seconds);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...NEURAL_MODEL_KINDS),
        fc.record({ epochs: fc.integer({ min: 1, max: 2000 }), windowsPerEpoch: fc.integer({ min: 1, max: 100_000 }), ensemble: fc.integer({ min: 1, max: 19 }) }),
        fc.constantFrom('epochs', 'windowsPerEpoch', 'ensemble'),
        (kind, params, grown) => {
          const data = { points: 5_000, windows: 2 };
          const more = { ...params, [grown]: params[grown] + 1 };
          expect(expectedFitSeconds({ kind, params: more }, data)).toBeGreaterThan(expectedFitSeconds({ kind, params }, data));
        },
      ),
    );
  });
});

const part = fc.record({ seconds: fc.double({ min: 1e-9, max: 1e6, noNaN: true }), fraction: fc.double({ min: 0, max: 1, noNaN: true }) });

describe('overallProgress', () => {
  it('is monotone in each model’s fraction', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 12 }), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (parts, at, to) => {
        const i = at % parts.length;
        const lower = Math.min(parts[i].fraction, to);
        const higher = Math.max(parts[i].fraction, to);
        const with_ = (fraction: number) => parts.map((p, j) => (j === i ? { ...p, fraction } : p));
        expect(overallProgress(with_(higher))).toBeGreaterThanOrEqual(overallProgress(with_(lower)));
      }),
    );
  });

  it('stays in [0, 1] and reaches 1 only when every model is done', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 12 }), (parts) => {
        const overall = overallProgress(parts);
        expect(overall).toBeGreaterThanOrEqual(0);
        expect(overall === 1).toBe(parts.every((p) => p.fraction === 1));
      }),
    );
    // A negligible model still unfinished keeps the run below 1.
    expect(overallProgress([{ seconds: 1e6, fraction: 1 }, { seconds: 1e-9, fraction: 0 }])).toBeLessThan(1);
    expect(overallProgress([])).toBe(0);
  });

  it('weighs by cost: a Transformer at 53% beside five finished cheap models keeps the run near half done', () => {
    const data = { points: 32_000, windows: 3 };
    const cheap = (['naive', 'seasonal_naive', 'theta', 'ses', 'damped'] as const).map((kind) => ({
      seconds: expectedFitSeconds({ kind }, data),
      fraction: 1,
    }));
    const overall = overallProgress([...cheap, { seconds: expectedFitSeconds({ kind: 'transformer' }, data), fraction: 0.53 }]);
    expect(overall).toBeGreaterThan(0.53);
    expect(overall).toBeLessThan(0.56);
  });
});
