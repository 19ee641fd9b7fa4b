import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from './backend-setup';
import { channelStats, scaleChannel, scaleCovariates } from './covariate-channels';
import { normalizedForward, type Network } from './network';
import { channelCount, gatherWindows, planWindows, scaleSeries, writeWindow, type ScaledSeries } from './series-windows';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('covariate channels', () => {
  it('are z-scored with statistics of the training part only, ignoring gaps', () => {
    // Known values in [0, 4): 1, 3, 5 → mean 3, std √(8/3); the 100 after the training part does not count.
    const stats = channelStats(f64([1, NaN, 3, 5, 100]), 4);
    expect(stats.mean).toBe(3);
    expect(stats.std).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(channelStats(f64([NaN, NaN]), 2)).toEqual({ mean: 0, std: 1 });
    expect(channelStats(f64([7, 7, 7]), 3)).toEqual({ mean: 7, std: 1 });
  });

  it('fill gaps from the past only: the last known value, the mean before the first one', () => {
    const stats = { mean: 10, std: 2 };
    expect(Array.from(scaleChannel(f64([NaN, 12, NaN, NaN, 8, NaN]), 0, stats))).toEqual([0, 1, 1, 1, -1, -1]);
    // Cut from index 3: the gap at the cut takes the last known value before it (12), not the 8 after it.
    expect(Array.from(scaleChannel(f64([NaN, 12, NaN, NaN, 8, NaN]), 3, stats))).toEqual([1, -1, -1]);
  });

  it('keep the fitted statistics when a later history is scaled', () => {
    const fitted = scaleCovariates({ past: [f64([0, 2, 4, 6])], future: [f64([1, 1, 3, 3])] }, 4);
    const later = scaleCovariates({ past: [f64([0, 2, 4, 6, 8])], future: [f64([1, 1, 3, 3, 5, 5])] }, 5, 2, fitted.stats);
    expect(later.stats).toBe(fitted.stats);
    expect(later.past[0][2]).toBeCloseTo((8 - 3) / Math.sqrt(5), 6);
    expect(later.future[0]).toHaveLength(4);
  });
});

describe('windows with covariates', () => {
  // Target t, past covariate 100 + t, future covariate 1000 + t (unscaled: mean 0, std 1), 10 steps, future 3 more.
  const n = 10;
  const H = 3;
  const series: ScaledSeries = {
    values: Float32Array.from({ length: n }, (_, t) => t),
    mean: 0,
    std: 1,
    covariates: {
      past: [Float32Array.from({ length: n }, (_, t) => 100 + t)],
      future: [Float32Array.from({ length: n + H }, (_, t) => 1000 + t)],
      stats: { past: [{ mean: 0, std: 1 }], future: [{ mean: 0, std: 1 }] },
    },
  };

  it('hold the target and past covariates before the origin, future covariates H steps later', () => {
    expect(channelCount(series)).toBe(3);
    const out = new Float32Array(4 * 3);
    writeWindow(series, n, 4, H, out, 0);
    // Steps 6..9; future 9..12, the last three being the forecast steps 10, 11, 12.
    expect(Array.from(out)).toEqual([6, 106, 1009, 7, 107, 1010, 8, 108, 1011, 9, 109, 1012]);
  });

  it('repeat the first value before a series starts and the last known one after a channel ends', () => {
    const out = new Float32Array(4 * 3);
    writeWindow(series, 2, 4, H, out, 0);
    expect(Array.from(out)).toEqual([0, 100, 1001, 0, 100, 1002, 0, 100, 1003, 1, 101, 1004]);
    // A forecast asked for fewer steps than trained: the future channel ends early and holds its last value.
    const covariates = series.covariates ?? { past: [], future: [], stats: { past: [], future: [] } };
    const short = { ...series, covariates: { ...covariates, future: [covariates.future[0].subarray(0, n + 1)] } };
    writeWindow(short, n, 4, H, out, 0);
    expect(Array.from(out.filter((_, i) => i % 3 === 2))).toEqual([1009, 1010, 1010, 1010]);
  });

  it('are gathered as [count, L, channels] with targets that training windows never pass with their inputs', () => {
    const pools = planWindows([n], { inputSize: 4, horizon: H, validation: 0 });
    const all = Int32Array.from({ length: pools.train.count }, (_, i) => i);
    const { x, y } = gatherWindows([series], pools.train, all, 4, H);
    expect(x).toHaveLength(pools.train.count * 4 * 3);
    expect(y).toHaveLength(pools.train.count * H);
    // The last training window (origin 7, targets 7..9) sees the future covariate up to 1009: the end of the series.
    const last = x.subarray((pools.train.count - 1) * 12);
    expect(Math.max(...last.filter((_, i) => i % 3 === 2))).toBe(1009);
    expect(Array.from(y.subarray(y.length - H))).toEqual([7, 8, 9]);
  });

  it('leave a target-only series on the single-channel path', () => {
    const plain = scaleSeries(f64([1, 2, 3, 4, 5]));
    expect(channelCount(plain)).toBe(1);
    const out = new Float32Array(3);
    writeWindow(plain, 5, 3, 2, out, 0);
    expect(Array.from(out)).toEqual(Array.from(plain.values.subarray(2)));
  });
});

describe('window normalisation with covariates', () => {
  beforeAll(() => ensureBackend());

  it('normalises the target and past covariates per window, each on its own; future ones pass through', () => {
    let seen: number[] = [];
    const net: Network = {
      variables: [],
      forward: (x) => {
        seen = Array.from(x.dataSync());
        return tf.fill([x.shape[0], 2], 1) as tf.Tensor2D;
      },
      dispose: () => undefined,
    };
    // One window of 3 steps: target 1, 3, 5; past covariate 10, 30, 50; future covariate 5, 6, 7.
    const x = tf.tensor3d([1, 10, 5, 3, 30, 6, 5, 50, 7], [1, 3, 3]);
    const out = normalizedForward(net, x, false, 'standard', 2);
    const z = 1 / Math.sqrt(2 / 3 + 1e-5 / 4); // (5 − 3) / std of the target, and the same for the covariate
    const expected = [-z, -z, 5, 0, 0, 6, z, z, 7];
    seen.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 3));
    // The output comes back in the target's units: 1 · its std + its mean.
    Array.from(out.dataSync()).forEach((v) => expect(v).toBeCloseTo(Math.sqrt(8 / 3 + 1e-5) + 3, 4));
    const last = normalizedForward(net, x, false, 'last', 2);
    expect(seen).toEqual([-4, -40, 5, -2, -20, 6, 0, 0, 7]);
    expect(Array.from(last.dataSync())).toEqual([6, 6]);
    tf.dispose([x, out, last]);
  });
});
