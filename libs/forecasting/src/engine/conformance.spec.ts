import { MODEL_CATALOGUE, MODEL_KINDS, type ModelKind } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { evaluateModel } from './evaluate-model';
import { readColumn } from '../core/datasets.fixture';
import { smape } from '../evaluation/metrics';
import { seasonalNaiveForecast } from '../models/seasonal-naive.model';
import { createModel } from '../models/model-kinds';

/**
 * The one shared model test: every registered model must pass it. Slow models (neural nets) may list lighter
 * parameters here so the suite stays fast; the contract checked is the same.
 */
const TINY_NEURAL = { epochs: 6, windowsPerEpoch: 128, batchSize: 32, inputSize: 24, learningRate: 0.01 };
const CONFORMANCE_PARAMS: Partial<Record<ModelKind, Record<string, unknown>>> = {
  nlinear: TINY_NEURAL,
  dlinear: TINY_NEURAL,
  lstm: { ...TINY_NEURAL, units: 8 },
  gru: { ...TINY_NEURAL, units: 8 },
  transformer: { ...TINY_NEURAL, dModel: 8, heads: 2, layers: 1, feedForward: 16 },
  rnn_attention: { ...TINY_NEURAL, units: 8 },
};

const airline = readColumn('airline-passengers.csv', 1); // 144 monthly points, season 12
const train = airline.subarray(0, 132);
const test = airline.subarray(132);
const h = 12;
const season = 12;
// Awkward but legal inputs every model must survive: shorter than a season, constant, with a gap.
const short = Float64Array.from([5, 7, 6]);
const constant = new Float64Array(30).fill(4);
const gappy = Float64Array.from(train.subarray(0, 60));
gappy[20] = NaN;

const spec = (kind: ModelKind) => ({ kind, params: CONFORMANCE_PARAMS[kind] ?? {} });

async function fitPredict(kind: ModelKind, series: Float64Array[], seed = 7): Promise<Float64Array[]> {
  const model = createModel(spec(kind));
  try {
    await model.fit({ series, season, seed });
    return await model.predict(h);
  } finally {
    model.dispose();
  }
}

describe.each(MODEL_KINDS)('model %s (conformance)', (kind) => {
  it('declares itself, with the capabilities the catalogue gives its kind', () => {
    const model = createModel(spec(kind));
    expect(model.kind).toBe(kind);
    const { family: _family, ...declared } = MODEL_CATALOGUE[kind];
    expect(model.capabilities).toEqual(declared);
    model.dispose();
  });

  it('forecasts h finite steps for each series, including short, constant and gappy ones', async () => {
    const series = [Float64Array.from(train), short, constant, gappy];
    const copies = series.map((s) => Float64Array.from(s));
    const out = await fitPredict(kind, series);
    expect(out).toHaveLength(series.length);
    for (const f of out) {
      expect(f).toBeInstanceOf(Float64Array);
      expect(f).toHaveLength(h);
      expect(f.every(Number.isFinite)).toBe(true);
    }
    // Inputs are not modified.
    series.forEach((s, i) => expect(Array.from(s)).toEqual(Array.from(copies[i])));
  });

  it('is reproducible with a seed', async () => {
    const a = await fitPredict(kind, [Float64Array.from(train)], 11);
    const b = await fitPredict(kind, [Float64Array.from(train)], 11);
    expect(Array.from(a[0])).toEqual(Array.from(b[0]));
  });

  it('is at least roughly as accurate as seasonal naive on the airline series', async () => {
    const [f] = await fitPredict(kind, [Float64Array.from(train)]);
    const baseline = smape(test, seasonalNaiveForecast(train, h, season));
    // A sanity bound that catches a broken model, not a benchmark: within twice the seasonal naive's error.
    expect(smape(test, f)).toBeLessThan(2 * baseline);
  });

  it('forecasts from new histories without refitting, when it offers that', async () => {
    const model = createModel(spec(kind));
    if (!model.forecastFrom) return model.dispose();
    try {
      await model.fit({ series: [train.subarray(0, 120)], season, seed: 3 });
      const [f] = await model.forecastFrom([train], h);
      expect(f).toHaveLength(h);
      expect(f.every(Number.isFinite)).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it('survives dispose twice, and refuses to predict before fit', async () => {
    const model = createModel(spec(kind));
    await expect(model.predict(h)).rejects.toThrow();
    await model.fit({ series: [train], season, seed: 1 });
    model.dispose();
    expect(() => model.dispose()).not.toThrow();
  });

  it('never sees the future of a backtest window', async () => {
    const plan = { windows: 3, step: 5 };
    const run = (series: Float64Array) =>
      evaluateModel({ series: [series], horizon: 6, season, backtest: plan, model: spec(kind), seed: 5, levels: [80] });
    const clean = await run(Float64Array.from(airline));
    const { cutoffs, yhat } = clean.perSeries[0].backtest;
    for (let w = 0; w < cutoffs.length; w++) {
      // Replace everything from this window's origin on with garbage and gaps: windows up to w must not change.
      const poisoned = Float64Array.from(airline);
      for (let t = cutoffs[w]; t < poisoned.length; t++) poisoned[t] = t % 4 === 0 ? NaN : 1e6 * ((t % 3) + 1);
      const dirty = await run(poisoned);
      for (let v = 0; v <= w; v++) expect(dirty.perSeries[0].backtest.yhat[v]).toEqual(yhat[v]);
    }
  });
});
