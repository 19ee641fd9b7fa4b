import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLongCsv } from '../core/datasets.fixture';
import { combineSlices } from './combine-slices';
import { evaluateModel, evaluateSlice, type EvaluateInput } from './evaluate-model';

/**
 * A local model's series split into slices (shards on several workers) and combined must give the evaluation of all
 * of them at once: the same means, per-step metrics, pooled intervals, coverage and warnings.
 */
const m4 = readLongCsv('m4-weekly-train.csv');
// Some series short enough to skip the backtest and one with no known value, so the warnings are counted too.
const series = [...m4.series.slice(0, 16), m4.series[16].subarray(0, 12), new Float64Array(30).fill(NaN)];
const settings = (kind: EvaluateInput['model']['kind']): EvaluateInput => ({
  series,
  seriesNames: series.map((_, i) => `s${i}`),
  horizon: 6,
  season: 1,
  backtest: { windows: 3, step: 6 },
  model: { kind },
  levels: [80, 95],
});

/** Cut points 0 < a < b < n splitting the series into three non-empty contiguous slices. */
const slicings = fc
  .uniqueArray(fc.integer({ min: 1, max: series.length - 1 }), { minLength: 2, maxLength: 2 })
  .map((cuts) => [0, ...cuts.sort((a, b) => a - b), series.length]);

async function evaluateInSlices(input: EvaluateInput, bounds: number[]) {
  const slices = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [from, to] = [bounds[k], bounds[k + 1]];
    const { fitReport: _report, artifact: _artifact, ...slice } = await evaluateSlice({
      ...input,
      series: input.series.slice(from, to),
      seriesNames: input.seriesNames?.slice(from, to),
    });
    slices.push(slice);
  }
  return combineSlices(slices, input);
}

/** Everything but timings, which differ between any two runs. */
const results = ({ fitSeconds: _fit, predictSeconds: _predict, ...rest }: Awaited<ReturnType<typeof evaluateModel>>) => rest;

describe('combineSlices', () => {
  for (const kind of ['seasonal_naive', 'theta', 'auto_ets'] as const) {
    it(`gives ${kind}'s evaluation of all series from any three slices of them`, async () => {
      const input = settings(kind);
      const { fitReport: _report, ...whole } = await evaluateModel(input);
      expect(whole.warnings.some((w) => w.startsWith('1 series have no known value'))).toBe(true);
      expect(whole.warnings.some((w) => w.startsWith('1 series is too short to backtest ("s16")'))).toBe(true);
      expect(whole.coverage['80']).not.toBeNull();
      await fc.assert(
        fc.asyncProperty(slicings, async (bounds) => {
          const combined = await evaluateInSlices(input, bounds);
          expect(results({ ...combined, fitReport: null })).toEqual(results({ ...whole, fitReport: null }));
        }),
        { numRuns: kind === 'auto_ets' ? 3 : 8 },
      );
    }, 120_000);
  }

  it('adds up the fit and predict seconds of the slices', async () => {
    const input = settings('theta');
    const combined = await evaluateInSlices(input, [0, 5, 10, series.length]);
    expect(combined.fitSeconds).toBeGreaterThan(0);
    const slice = await evaluateSlice({ ...input, series: series.slice(0, 5) });
    expect(combined.fitSeconds).toBeGreaterThan(slice.fitSeconds * 0.5);
  });
});
