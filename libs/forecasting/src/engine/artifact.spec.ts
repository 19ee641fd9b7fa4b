import * as tf from '@tensorflow/tfjs-core';
import { MODEL_KINDS, NEURAL_MODEL_KINDS, type ModelKind } from '@foretell/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateModel } from './evaluate-model';
import { readColumn, readLongCsv } from '../core/datasets.fixture';
import { ensureBackend } from '../neural/training/backend-setup';
import { ArtifactError, deserializeArtifact, serializeArtifact, type ModelArtifact } from '../core/artifact';
import type { ForecastModel } from '../core/model';
import { createModel, restoreModel } from '../models/model-kinds';

/**
 * Every registered model saves and restores: the restored model forecasts the same Float64 values as the fitted one,
 * after the fitted series and after extensions of them, with nothing but the artifact (JSON + weight bytes).
 */
const TINY_NEURAL = { epochs: 3, windowsPerEpoch: 64, batchSize: 32, inputSize: 24, learningRate: 0.01 };
const PARAMS: Partial<Record<ModelKind, Record<string, unknown>>> = {
  nlinear: { ...TINY_NEURAL, ensemble: 2 },
  dlinear: TINY_NEURAL,
  lstm: { ...TINY_NEURAL, units: 6, ensemble: 2 },
  gru: { ...TINY_NEURAL, units: 6 },
  transformer: { ...TINY_NEURAL, dModel: 8, heads: 2, layers: 1, feedForward: 8 },
  rnn_attention: { ...TINY_NEURAL, units: 6 },
};
const spec = (kind: ModelKind) => ({ kind, params: PARAMS[kind] ?? {} });
const isNeural = (kind: ModelKind) => (NEURAL_MODEL_KINDS as readonly string[]).includes(kind);

const EXTRA = 5;
const h = 13;

interface Slice {
  name: string;
  season: number;
  /** The series the model is fitted on; `full` extends each by EXTRA points. */
  fitted: Float64Array[];
  full: Float64Array[];
}

function slice(name: string, season: number, series: Float64Array[]): Slice {
  return { name, season, full: series, fitted: series.map((s) => s.subarray(0, s.length - EXTRA)) };
}

const weekly = readLongCsv('m4-weekly-train.csv').series.slice(0, 4).map((s) => s.subarray(Math.max(0, s.length - 140)));
const airline = readColumn('airline-passengers.csv', 1);
// Monthly with a clear season (seasonal adjustment, seasonal ETS/ARIMA), plus a gap and a short series.
const gappy = Float64Array.from(airline.subarray(24, 120));
gappy[40] = NaN;
const SLICES = [slice('M4 weekly', 52, weekly), slice('airline', 12, [airline, gappy, airline.subarray(0, 30)])];

/** JSON and bytes as a database would return them. */
function roundTrip(artifact: ModelArtifact): ModelArtifact {
  const { json, weights } = serializeArtifact(artifact);
  return deserializeArtifact(JSON.parse(JSON.stringify(json)), weights && Uint8Array.from(weights));
}

/** Bit-for-bit comparison of forecasts (NaN, −0 included). */
function bits(forecasts: Float64Array[]): number[][] {
  return forecasts.map((f) => Array.from(new Uint8Array(Float64Array.from(f).buffer)));
}

function saveOf(model: ForecastModel): ModelArtifact {
  if (!model.save) throw new Error(`${model.kind} cannot be saved`);
  return model.save();
}

function forecastFrom(model: ForecastModel, histories: Float64Array[]): Promise<Float64Array[]> {
  if (!model.forecastFrom) throw new Error(`${model.kind} has no forecastFrom`);
  return model.forecastFrom(histories, h);
}

async function using<T>(models: ForecastModel[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    for (const m of models) m.dispose();
  }
}

beforeAll(async () => {
  await ensureBackend();
});

describe.each(MODEL_KINDS)('model %s (save and restore)', (kind) => {
  it.each(SLICES)('forecasts exactly as the fitted model on $name, after the fitted series and after extensions', async (data) => {
    const before = tf.memory().numTensors;
    const model = createModel(spec(kind));
    await using([model], async () => {
      await model.fit({ series: data.fitted, season: data.season, seed: 3, horizon: 8 });
      const artifact = roundTrip(saveOf(model));
      expect(artifact.kind).toBe(kind);
      expect(artifact.season).toBe(data.season);
      expect(Boolean(artifact.weights)).toBe(isNeural(kind));
      const restored = await restoreModel(artifact);
      await using([restored], async () => {
        expect(bits(await restored.predict(h))).toEqual(bits(await model.predict(h)));
        expect(bits(await forecastFrom(restored, data.full))).toEqual(bits(await forecastFrom(model, data.full)));
        // Saving the restored model gives the same artifact back.
        const again = serializeArtifact(saveOf(restored));
        const first = serializeArtifact(artifact);
        expect(again.json).toEqual(first.json);
        expect(again.weights).toEqual(first.weights);
      });
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a neural model fitted with covariates', () => {
  it('restores their scaling: the same forecasts with the same covariates', async () => {
    const [target] = SLICES[1].full;
    const n = target.length - EXTRA;
    // A past covariate (the target lagged, with a gap) and a future one (the month), `ahead` steps past the end.
    const past = (end: number) => Float64Array.from({ length: end }, (_, t) => (t === 7 || t === 0 ? NaN : target[t - 1]));
    const month = (end: number) => Float64Array.from({ length: end }, (_, t) => t % 12);
    const at = (end: number, ahead: number) => [{ past: [past(end)], future: [month(end + ahead)] }];
    const before = tf.memory().numTensors;
    const model = createModel(spec('lstm'));
    await using([model], async () => {
      await model.fit({ series: [target.subarray(0, n)], covariates: at(n, 0), season: 12, seed: 4, horizon: 8 });
      const restored = await restoreModel(roundTrip(saveOf(model)));
      await using([restored], async () => {
        expect(bits(await restored.predict(h, at(n, h)))).toEqual(bits(await model.predict(h, at(n, h))));
        const full = target.length;
        const later = (m: ForecastModel) => m.forecastFrom?.([target], h, at(full, h));
        expect(bits((await later(restored)) ?? [])).toEqual(bits((await later(model)) ?? []));
        await expect(restored.predict(h)).rejects.toThrow(/fitted with 1 past and 1 future covariates/);
      });
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('restoring a foreign or damaged artifact', () => {
  let neural: ModelArtifact;
  let local: ModelArtifact;

  beforeAll(async () => {
    const [fitted] = SLICES[1].fitted;
    const a = createModel(spec('lstm'));
    const b = createModel(spec('theta'));
    await using([a, b], async () => {
      await a.fit({ series: [fitted], season: 12, seed: 1 });
      await b.fit({ series: [fitted], season: 12, seed: 1 });
      neural = saveOf(a);
      local = saveOf(b);
    });
  });

  const stored = (a: ModelArtifact) => {
    const { json, weights } = serializeArtifact(a);
    return { json: JSON.parse(JSON.stringify(json)) as Record<string, unknown>, weights };
  };

  it('refuses another format or an unknown kind when reading the stored JSON', () => {
    const { json, weights } = stored(local);
    expect(() => deserializeArtifact({ ...json, format: 2 }, weights)).toThrow(/format 2; this engine reads format 1/);
    expect(() => deserializeArtifact({ ...json, kind: 'prophet' }, weights)).toThrow(ArtifactError);
    expect(() => deserializeArtifact('not json', null)).toThrow(/not a saved model/);
  });

  it('refuses weights of the wrong size', () => {
    const { json, weights } = stored(neural);
    if (!weights) throw new Error('a neural model saves weights');
    expect(() => deserializeArtifact(json, weights.subarray(0, weights.length - 4))).toThrow(/weights hold .* bytes, the saved shapes need/);
    expect(() => deserializeArtifact(json, null)).toThrow(ArtifactError);
    expect(() => deserializeArtifact(stored(local).json, new Uint8Array(8))).toThrow(/has none/);
  });

  it('refuses state or weights of another kind, leaking no tensor', async () => {
    const before = tf.memory().numTensors;
    // A statistical state under a neural kind, and the reverse.
    await expect(restoreModel({ ...local, kind: 'lstm', params: {} })).rejects.toThrow(/lstm: the saved model has no weights|lstm: saved state/);
    await expect(restoreModel({ ...neural, kind: 'theta', params: {} })).rejects.toThrow(ArtifactError);
    // LSTM weights for a GRU (3 gates, not 4): the shapes do not fit the network the kind builds.
    await expect(restoreModel({ ...neural, kind: 'gru' })).rejects.toThrow(/gru: saved tensor 0 has shape/);
    // Parameters the kind does not accept.
    await expect(restoreModel({ ...local, params: { theta: 'two' } })).rejects.toThrow(/cannot restore a saved "theta" model/);
    await expect(restoreModel({ ...local, format: 2 as 1 })).rejects.toThrow(/format 2/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('evaluateModel with keepArtifact', () => {
  const data = SLICES[1];
  it.each(['theta', 'auto_arima', 'seasonal_naive', 'nlinear'] as const)(
    '%s: the restored final model reproduces the evaluation forecasts',
    async (kind) => {
      const series = [...data.full, Float64Array.of(NaN, NaN)]; // the last one cannot be forecast
      const evaluation = await evaluateModel({
        series,
        horizon: h,
        season: data.season,
        backtest: { windows: 1, step: h },
        model: spec(kind),
        seed: 2,
        keepArtifact: true,
      });
      const saved = evaluation.artifact;
      if (!saved) throw new Error('no artifact kept');
      expect(saved.series).toEqual([0, 1, 2]);
      const model = await restoreModel(roundTrip(saved.model));
      await using([model], async () => {
        const forecasts = await model.predict(h);
        expect(bits(forecasts)).toEqual(bits(saved.series.map((i) => evaluation.perSeries[i].forecast)));
      });
      const without = await evaluateModel({ series, horizon: h, season: data.season, backtest: { windows: 1, step: h }, model: spec(kind), seed: 2 });
      expect(without.artifact).toBeUndefined();
    },
  );
});
