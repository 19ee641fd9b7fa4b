import * as tf from '@tensorflow/tfjs-core';
import { NEURAL_MODEL_KINDS, type NeuralModelKind } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { ArtifactError, type ModelArtifact } from '../core/artifact';
import { createModel, restoreModel } from './model-kinds';
import type { FitReport } from '../neural/training/fit-report';
import type { NeuralModel } from '../neural/training/neural-model';

/** The training framework's promises, checked on tiny networks (accuracy lives in the model specs and benches). */
const airline = readColumn('airline-passengers.csv', 1);
const series = [airline.subarray(0, 120), airline.subarray(30, 132)];
const TINY = { epochs: 3, windowsPerEpoch: 64, batchSize: 32, inputSize: 24 };
const SIZES: Record<NeuralModelKind, Record<string, unknown>> = {
  nlinear: {},
  dlinear: {},
  lstm: { units: 6 },
  gru: { units: 6 },
  transformer: { dModel: 8, heads: 2, layers: 1, feedForward: 8 },
  rnn_attention: { units: 6, cell: 'lstm' },
};

function neural(kind: NeuralModelKind, params: Record<string, unknown> = {}): NeuralModel<NeuralModelKind> {
  return createModel({ kind, params: { ...TINY, ...SIZES[kind], ...params } }) as NeuralModel<NeuralModelKind>;
}

function reportOf(model: NeuralModel<NeuralModelKind>): FitReport {
  if (!model.report) throw new Error('no fit report');
  return model.report;
}

describe.each(NEURAL_MODEL_KINDS)('neural model %s', (kind) => {
  it('leaves no tensor behind after fit, predict, forecastFrom and dispose', async () => {
    const model = neural(kind);
    await model.fit({ series: [series[0]], season: 12, seed: 1, horizon: 6 }); // backend and kernels set up
    model.dispose();
    const before = tf.memory().numTensors;
    await model.fit({ series, season: 12, seed: 1, horizon: 6 });
    await model.predict(6);
    await model.forecastFrom([airline, airline.subarray(0, 100)], 9);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('records backend, seed, epochs, parameter count, seconds and the loss curve', async () => {
    const model = neural(kind, { epochs: 4, patience: 0 });
    const seen: number[] = [];
    await model.fit({ series, season: 12, seed: 9, horizon: 6 }, { onProgress: (f) => seen.push(f) });
    const report = reportOf(model);
    model.dispose();
    expect(report.backend).toMatch(/^tfjs-/);
    expect(model.backend).toBe(report.backend);
    expect(report.seed).toBe(9);
    // By default a network on each value scale, one after the other.
    expect(report.members.map((m) => [m.scale, m.seed])).toEqual([['linear', 9], ['log', 10]]);
    expect(report.epochs).toBe(8);
    for (const member of report.members) {
      expect(member.curve).toHaveLength(4);
      expect(member.curve.every((e) => Number.isFinite(e.loss) && Number.isFinite(e.valLoss))).toBe(true);
    }
    expect(report.parameterCount).toBeGreaterThan(6);
    expect(report.trainSeconds).toBeGreaterThan(0);
    expect(report.settings).toMatchObject({ inputSize: 24, horizon: 6, validation: 6 });
    // One report per epoch of each network, then done.
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((e) => e / 8).concat(1));
  });
});

describe('neural training framework', () => {
  it('counts the parameters of NLinear exactly (one L × H dense layer)', async () => {
    const model = neural('nlinear');
    await model.fit({ series, season: 12, seed: 1, horizon: 6 });
    expect(reportOf(model).parameterCount).toBe(24 * 6 + 6);
    model.dispose();
  });

  it('keeps the weights of the epoch with the best validation loss', async () => {
    const model = neural('nlinear', { epochs: 8, patience: 0, learningRate: 0.05 });
    await model.fit({ series, season: 12, seed: 2, horizon: 6 });
    const { bestEpoch, curve } = reportOf(model).members[0];
    const losses = curve.map((e) => e.valLoss ?? NaN);
    expect(bestEpoch).toBe(losses.indexOf(Math.min(...losses)));
    model.dispose();
  });

  it('forecasts past the trained horizon by feeding its forecasts back, consistently with shorter ones', async () => {
    const model = neural('nlinear');
    await model.fit({ series, season: 12, seed: 3, horizon: 4 });
    const [long] = await model.predict(10);
    const [short] = await model.predict(3);
    expect(long.every(Number.isFinite)).toBe(true);
    expect(Array.from(short)).toEqual(Array.from(long.subarray(0, 3)));
    model.dispose();
  });

  it('averages its ensemble members: two seeds together forecast the mean of each alone', async () => {
    const fit = async (seed: number, ensemble: number) => {
      const model = neural('nlinear', { ensemble, valueScale: 'linear' });
      await model.fit({ series, season: 12, seed, horizon: 6 });
      const [f] = await model.predict(6);
      const members = reportOf(model).members.length;
      model.dispose();
      return { f, members };
    };
    const both = await fit(5, 2);
    const [a, b] = [await fit(5, 1), await fit(6, 1)];
    expect(both.members).toBe(2);
    both.f.forEach((v, i) => expect(v).toBeCloseTo((a.f[i] + b.f[i]) / 2, 3));
  });

  it('on both value scales forecasts the mean of a linear and a log network, from the fitted end and from new histories', async () => {
    const fit = async (valueScale: string, seed: number) => {
      const model = neural('nlinear', { valueScale });
      await model.fit({ series, season: 12, seed, horizon: 6 });
      const [f] = await model.predict(6);
      const [later] = await model.forecastFrom([airline], 6);
      const scales = reportOf(model).members.map((m) => m.scale);
      model.dispose();
      return { f, later, scales };
    };
    const both = await fit('both', 5);
    const [linear, log] = [await fit('linear', 5), await fit('log', 6)];
    expect([both.scales, linear.scales, log.scales]).toEqual([['linear', 'log'], ['linear'], ['log']]);
    both.f.forEach((v, i) => expect(v).toBeCloseTo((linear.f[i] + log.f[i]) / 2, 3));
    both.later.forEach((v, i) => expect(v).toBeCloseTo((linear.later[i] + log.later[i]) / 2, 3));
    // The two scales learn different networks (the log one weighs the troughs more).
    expect(linear.f.some((v, i) => Math.abs(v - log.f[i]) > 1)).toBe(true);
  });

  it('restores a model saved before value scales (one linear view) and refuses views that do not match the networks', async () => {
    const model = neural('nlinear', { valueScale: 'linear' });
    await model.fit({ series, season: 12, seed: 3, horizon: 6 });
    const [fitted] = await model.predict(6);
    const saved = model.save();
    model.dispose();
    const { scales: _scales, ...before } = saved.state as Record<string, ModelArtifact['state']>;
    const { valueScale: _valueScale, ...params } = saved.params as Record<string, unknown>;
    const old = await restoreModel({ ...saved, params: params as ModelArtifact['params'], state: before as ModelArtifact['state'] });
    expect(Array.from((await old.predict(6))[0])).toEqual(Array.from(fitted));
    old.dispose();
    await expect(restoreModel({ ...saved, state: { ...before, scales: ['linear', 'log'] } as ModelArtifact['state'] })).rejects.toBeInstanceOf(ArtifactError);
  });

  it('with a cycle-long second input (the Transformer on hourly data) forecasts the mean of each input alone, and saves both', async () => {
    // Airline with a 24-month "longest cycle": the default input is 24 months, the second 48.
    const fit = async (params: Record<string, unknown>) => {
      const model = neural('transformer', { inputSize: undefined, ...params });
      await model.fit({ series, season: 12, seasonalities: [12, 24], seed: 5, horizon: 6 });
      const [f] = await model.predict(6);
      const [later] = await model.forecastFrom([airline], 6);
      return { model, f, later, report: reportOf(model) };
    };
    const both = await fit({});
    const [short, long] = [await fit({ inputSize: 24 }), await fit({ inputSize: 48 })];
    expect(both.report.members.map((m) => [m.inputSize, m.scale, m.seed])).toEqual([
      [24, 'linear', 5],
      [24, 'log', 6],
      [48, 'linear', 5],
      [48, 'log', 6],
    ]);
    expect(both.report.settings).toMatchObject({ inputSize: 24, cycleInputSize: 48 });
    expect(short.report.members).toHaveLength(2);
    both.f.forEach((v, i) => expect(v).toBeCloseTo((short.f[i] + long.f[i]) / 2, 3));
    both.later.forEach((v, i) => expect(v).toBeCloseTo((short.later[i] + long.later[i]) / 2, 3));
    expect(short.f.some((v, i) => Math.abs(v - long.f[i]) > 1)).toBe(true);

    const restored = await restoreModel(both.model.save());
    expect(Array.from((await restored.predict(6))[0])).toEqual(Array.from(both.f));
    const [restoredLater] = (await restored.forecastFrom?.([airline], 6)) ?? [];
    expect(Array.from(restoredLater ?? [])).toEqual(Array.from(both.later));
    const off = await fit({ cycleInput: false });
    expect(off.report.members).toHaveLength(2);
    for (const m of [both.model, short.model, long.model, restored, off.model]) m.dispose();
  });

  it.each([
    ['gru', true],
    ['lstm', true],
    ['rnn_attention', true],
    ['transformer', false],
  ] as const)('gives %s a linear highway by default: %s (one more L × H dense layer)', async (kind, byDefault) => {
    const fitted = async (params: Record<string, unknown>) => {
      const model = neural(kind, { valueScale: 'linear', ...params });
      await model.fit({ series, season: 12, seed: 4, horizon: 6 });
      const report = reportOf(model);
      model.dispose();
      return { n: report.parameterCount, highway: report.settings['highway'] };
    };
    const [on, off, plain] = [await fitted({ highway: true }), await fitted({ highway: false }), await fitted({})];
    expect(on).toEqual({ n: off.n + 24 * 6 + 6, highway: true });
    expect(off.highway).toBe(false);
    expect(plain).toEqual(byDefault ? on : off);
  });

  it('restores a model saved before the highway without one', async () => {
    const model = neural('gru', { valueScale: 'linear', highway: false });
    await model.fit({ series, season: 12, seed: 3, horizon: 6 });
    const [fitted] = await model.predict(6);
    const saved = model.save();
    model.dispose();
    const { highway: _highway, ...params } = saved.params as Record<string, unknown>;
    const old = await restoreModel({ ...saved, params: params as ModelArtifact['params'] });
    expect(Array.from((await old.predict(6))[0])).toEqual(Array.from(fitted));
    old.dispose();
  });

  it('stops when aborted, and says when no series is long enough', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = neural('nlinear');
    await expect(model.fit({ series, season: 12, seed: 1 }, { signal: controller.signal })).rejects.toThrow();
    await expect(
      model.fit({ series: [Float64Array.from([1, 2, 3])], season: 1, seed: 1, horizon: 5 }),
    ).rejects.toThrow(/no series is long enough/);
    model.dispose();
  });

  it('drops the validation tail rather than fail when the data cannot spare it', async () => {
    const model = neural('nlinear', { validation: 110 });
    await model.fit({ series, season: 12, seed: 1, horizon: 6 });
    expect(reportOf(model).settings['validation']).toBe(0);
    expect(reportOf(model).notes[0]).toMatch(/validation/);
    model.dispose();
  });
});
