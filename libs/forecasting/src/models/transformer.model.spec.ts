import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { fitReportOf } from '../neural/training/neural-model';
import { createModel } from './model-kinds';
import { planPatches } from './transformer.model';

describe('transformer', () => {
  it("cuts windows into PatchTST's patches: 42 of 16 steps every 8 on an input of 336", () => {
    expect(planPatches(336, 16, 8)).toEqual({ length: 16, stride: 8, count: 42 });
    // Default: about 32 patches, each two strides long.
    expect(planPatches(52)).toEqual({ length: 4, stride: 2, count: 26 });
    expect(planPatches(8, 16, 8)).toEqual({ length: 8, stride: 8, count: 2 });
  });

  it('refuses a model width that does not split into its heads, before any training', () => {
    expect(() => createModel({ kind: 'transformer', params: { dModel: 30, heads: 4 } })).toThrow(/multiple of heads/);
  });

  it('repeats exactly with dropout on, and records its shape', async () => {
    const airline = readColumn('airline-passengers.csv', 1);
    const run = async () => {
      const params = { epochs: 2, windowsPerEpoch: 64, batchSize: 16, dModel: 8, heads: 2, layers: 2, feedForward: 8, dropout: 0.3 };
      const model = createModel({ kind: 'transformer', params });
      await model.fit({ series: [airline], season: 12, seed: 4, horizon: 12 });
      const [f] = await model.predict(12);
      const report = fitReportOf(model);
      model.dispose();
      return { f, report };
    };
    const a = await run();
    const b = await run();
    expect(Array.from(a.f)).toEqual(Array.from(b.f));
    expect(a.report?.settings).toMatchObject({ dModel: 8, heads: 2, layers: 2, dropout: 0.3, patchStride: 2, patchLength: 4 });
  });
});
