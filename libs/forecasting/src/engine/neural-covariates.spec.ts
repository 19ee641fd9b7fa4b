import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { evaluateModel } from './evaluate-model';
import { covariatesAt, CovariatesError } from '../core/covariates';
import type { SeriesCovariates } from '../core/model';
import { createModel } from '../models/model-kinds';
import { fitReportOf, type NeuralModel } from '../neural/training/neural-model';
import { defaultPatch } from '../neural/layers/recurrent-encoder';

/**
 * The covariate path on real data: ETTh2's oil temperature (OT) with the six load columns (HUFL … LULL) as past
 * covariates and the hour of day as a future one, two stretches of 1,000 hours as two series. Tiny settings: these
 * check the plumbing (training, determinism, memory, errors); accuracy lives in bench/neural-etth2.ts --covariates.
 */
const H = 24;
const N = 1000;
const LOADS = [1, 2, 3, 4, 5, 6]; // HUFL, HULL, MUFL, MULL, LUFL, LULL
const OT = 7;
const columns = new Map([...LOADS, OT].map((c) => [c, readColumn('ETTh2.csv', c)]));
const column = (c: number) => columns.get(c) ?? new Float64Array(0);
const starts = [0, 4000];
const hours = (from: number, n: number) => Float64Array.from({ length: n }, (_, t) => (from + t) % 24);
/** The target and its covariates, future ones running `ahead` steps past the end. */
const stretch = (from: number, n: number, ahead: number) => ({
  target: column(OT).slice(from, from + n),
  covariates: { past: LOADS.map((c) => column(c).slice(from, from + n)), future: [hours(from, n + ahead)] },
});
const train = starts.map((s) => stretch(s, N, 0));
const withFuture = starts.map((s) => stretch(s, N, H).covariates);
const TINY = { epochs: 2, windowsPerEpoch: 128, batchSize: 64, inputSize: 48 };
const SIZES = {
  nlinear: {},
  lstm: { units: 6 },
  gru: { units: 6 },
  transformer: { dModel: 8, heads: 2, layers: 1, feedForward: 8 },
  rnn_attention: { units: 6, cell: 'gru' },
} as const;
type Kind = keyof typeof SIZES;

function neural(kind: Kind | 'dlinear', params: Record<string, unknown> = {}) {
  const sizes = kind === 'dlinear' ? {} : SIZES[kind];
  return createModel({ kind, params: { ...TINY, ...sizes, ...params } }) as NeuralModel<Kind | 'dlinear'>;
}

async function fitAndForecast(kind: Kind) {
  const model = neural(kind);
  await model.fit({ series: train.map((s) => s.target), covariates: train.map((s) => s.covariates), season: 24, seed: 3, horizon: H });
  const predicted = await model.predict(H, withFuture);
  // From an earlier origin of each series: covariates cut there, future ones H further.
  const histories = train.map((s) => s.target.subarray(0, 900));
  const earlier = await model.forecastFrom(histories, H, withFuture.map((c) => covariatesAt(c, 900, H)));
  const report = fitReportOf(model);
  model.dispose();
  return { predicted, earlier, report };
}

describe.each(Object.keys(SIZES) as Kind[])('%s with covariates', (kind) => {
  it('trains on past and future covariates, repeats itself with a seed and leaves no tensor behind', async () => {
    const first = await fitAndForecast(kind); // also sets the backend and its kernels up
    const before = tf.memory().numTensors;
    const second = await fitAndForecast(kind);
    expect(tf.memory().numTensors).toBe(before);

    expect(second.report?.settings['covariates']).toEqual({ past: 6, future: 1 });
    for (const f of [...second.predicted, ...second.earlier]) {
      expect(f).toHaveLength(H);
      expect(f.every(Number.isFinite)).toBe(true);
    }
    expect(second.predicted.map((f) => Array.from(f))).toEqual(first.predicted.map((f) => Array.from(f)));
    expect(second.earlier.map((f) => Array.from(f))).toEqual(first.earlier.map((f) => Array.from(f)));
    if (kind === 'lstm') {
      // Eight channels per step (OT, six loads, the hour): 4 gates × units × (segment · 8 + units + 1), then the head,
      // and the highway from every channel of the input window to the horizon.
      const patch = defaultPatch(TINY.inputSize);
      expect(second.report?.parameterCount).toBe(4 * 6 * (patch * 8 + 6 + 1) + 6 * H + H + TINY.inputSize * 8 * H + H);
    }
  });
});

describe('forecasts past the trained horizon with covariates', () => {
  it('feed back their forecasts with future covariates over every step, consistently with shorter ones', async () => {
    const model = neural('nlinear', { epochs: 1 });
    await model.fit({ series: train.map((s) => s.target), covariates: train.map((s) => s.covariates), season: 24, seed: 1, horizon: H });
    const longer = starts.map((s) => stretch(s, N, H + 10).covariates);
    const [long] = await model.predict(H + 10, longer);
    const [short] = await model.predict(H, withFuture);
    model.dispose();
    expect(long.every(Number.isFinite)).toBe(true);
    expect(Array.from(long.subarray(0, H))).toEqual(Array.from(short));
  });
});

describe('covariate errors', () => {
  const series = train.map((s) => s.target);
  const covariates = train.map((s) => s.covariates);

  it('a model fitted with covariates needs them again, future ones over the forecast steps', async () => {
    const model = neural('nlinear', { epochs: 1 });
    await model.fit({ series, covariates, season: 24, seed: 1, horizon: H });
    await expect(model.predict(H)).rejects.toBeInstanceOf(CovariatesError);
    await expect(model.predict(H, covariates)).rejects.toThrow(/future covariate 0 of series 0 has 1000 values, expected 1024/);
    const pastOnly: SeriesCovariates[] = withFuture.map((c) => ({ past: c.past, future: [] }));
    await expect(model.predict(H, pastOnly)).rejects.toThrow(/fitted with 6 past and 1 future covariates/);
    model.dispose();
  });

  it('a model fitted without covariates refuses them at forecast time; DLinear refuses them at all', async () => {
    const model = neural('nlinear', { epochs: 1 });
    await model.fit({ series, season: 24, seed: 1, horizon: H });
    await expect(model.predict(H, withFuture)).rejects.toThrow(/fitted with 0 past and 0 future/);
    model.dispose();
    const dlinear = neural('dlinear', { epochs: 1 });
    expect(dlinear.capabilities.covariates).toBe('none');
    await expect(dlinear.fit({ series, covariates, season: 24, seed: 1, horizon: H })).rejects.toBeInstanceOf(CovariatesError);
    dlinear.dispose();
  });
});

describe('future covariates reach the forecast steps', () => {
  it('a known future (OT itself as a future covariate) cuts the error of NLinear several times over', async () => {
    // If the future channel were misaligned (not shifted over the forecast steps) it would carry nothing the target
    // channel does not, and the error would stay where it is without it. One linear network: on the log scale the
    // target is no longer a linear function of the channel, and the alignment is what is checked here.
    const ot = column(OT);
    const fitEnd = 3000;
    const origins = Array.from({ length: 40 }, (_, i) => fitEnd + i * 24);
    const mse = async (oracle: boolean) => {
      const model = neural('nlinear', { epochs: 15, windowsPerEpoch: 512, normalization: 'none', inputSize: 48, valueScale: 'linear' });
      const known = (end: number, ahead: number): SeriesCovariates[] => [{ past: [], future: [ot.subarray(0, end + ahead)] }];
      await model.fit({ series: [ot.subarray(0, fitEnd)], covariates: oracle ? known(fitEnd, 0) : undefined, season: 24, seed: 1, horizon: H });
      let se = 0;
      for (const c of origins) {
        const [f] = await model.forecastFrom([ot.subarray(0, c)], H, oracle ? known(c, H) : undefined);
        for (let j = 0; j < H; j++) se += (f[j] - ot[c + j]) ** 2;
      }
      model.dispose();
      return se / (origins.length * H);
    };
    const [without, withOracle] = [await mse(false), await mse(true)];
    expect(withOracle).toBeLessThan(without / 4);
  });
});

describe('covariates through evaluateModel', () => {
  it('backtests and forecasts a neural model with past and future covariates', async () => {
    const full = starts.map((s) => stretch(s, N, 0));
    const result = await evaluateModel({
      series: full.map((s) => s.target),
      covariates: withFuture,
      horizon: H,
      season: 24,
      backtest: { windows: 2, step: H },
      model: { kind: 'gru', params: { ...TINY, ...SIZES.gru } },
      levels: [80],
    });
    expect(result.metrics.mase).not.toBeNull();
    for (const p of result.perSeries) {
      expect(p.backtest.cutoffs).toEqual([N - 2 * H, N - H]);
      expect(p.forecast.every(Number.isFinite)).toBe(true);
    }
  });
});
