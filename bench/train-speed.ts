/**
 * Training speed of the deep models on the WASM backend, against tf.layers ("before") and PyTorch on the same machine.
 *
 *   node -r @swc-node/register bench/train-speed.ts [--models lstm,gru,transformer] [--epochs 5] [--rounds 3]
 *                                                    [--before-rounds 2] [--no-torch] [--no-before] [--json out.json]
 *   --smoke: one round of two epochs per model, without PyTorch or the "before" variants (a check that it runs).
 *
 * Configuration of issue 5: 64 units, 48 input steps, horizon 24 (dense head), 2,000 windows, batch 64, Adam 1e-3.
 * The windows are real: ETTh2 `OT`, z-scored with the statistics of rows 0–8639 (the train split of the
 * DLinear/PatchTST protocol), training windows from those rows, validation windows from rows 8640–11519; so the same
 * run also checks that every variant reaches a similar validation MSE.
 * Our fused models and PyTorch (single-threaded, bench/train-speed.py, when /usr/bin/python3 has torch) alternate
 * for `--rounds` rounds of `--epochs` epochs on fresh models (seeds 0, 1, …), so both see the same machine load; the
 * first epoch of each run is warm-up and the median of the rest is reported, with the min (timings on a shared
 * 2-core machine are noisy). The "before" variants (tf.layers for LSTM/GRU, the same Transformer in plain tfjs ops)
 * run `--before-rounds` times: they are an order of magnitude slower. Validation MSE: mean over rounds, and the
 * spread (seeds differ between rounds), so fused and unfused can be compared within that noise.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import {
  evaluateMse,
  initBackend,
  PatchTransformer,
  RecurrentNet,
  slidingWindows,
  trainWindows,
  type TrainableModel,
  type WindowSet,
} from '@foretell/forecasting';
import { benchArgs, intArg, listArg } from './args';

const CONFIG = {
  steps: 48,
  horizon: 24,
  units: 64,
  batch: 64,
  windows: 2000,
  lr: 1e-3,
  seed: 0,
  transformer: { patch: 8, stride: 4, dModel: 64, heads: 4, ff: 128, layers: 2 },
};

type Kind = 'lstm' | 'gru' | 'transformer';

interface Row {
  model: Kind;
  variant: 'before' | 'fused (ours)' | 'pytorch';
  /** Timed epochs (warm-up dropped), over all rounds: wall clock and this process's CPU time. */
  epochMs: number[];
  epochCpuMs: number[];
  /** Final validation MSE of each round. */
  valMse: number[];
  parameters: number;
}

const USAGE = `node -r @swc-node/register bench/train-speed.ts [--models lstm,gru,transformer] [--epochs 5] [--rounds 3]
                                                 [--before-rounds 2] [--no-torch] [--no-before] [--json out.json] [--smoke]`;

function args() {
  const values = benchArgs(USAGE, {
    models: { type: 'string', default: 'lstm,gru,transformer' },
    epochs: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    'before-rounds': { type: 'string', default: '2' },
    'no-torch': { type: 'boolean', default: false },
    'no-before': { type: 'boolean', default: false },
    json: { type: 'string' },
  });
  // Smoke: one round of two epochs (the first is warm-up) of each model, no references.
  const smoke = values.smoke;
  return {
    models: listArg(values.models) as Kind[],
    epochs: smoke ? 2 : intArg(values.epochs, 'epochs', 2),
    rounds: smoke ? 1 : intArg(values.rounds, 'rounds', 1),
    beforeRounds: intArg(values['before-rounds'], 'before-rounds', 1),
    torch: !values['no-torch'] && !smoke,
    before: !values['no-before'] && !smoke,
    json: values.json,
  };
}

function loadData(): { train: WindowSet; val: WindowSet } {
  const csv = readFileSync(join(__dirname, '../../shared/datasets/ETTh2.csv'), 'utf8').trim().split('\n');
  const col = csv[0].split(',').indexOf('OT');
  const ot = csv.slice(1).map((line) => Number(line.split(',')[col]));
  const trainRows = ot.slice(0, 8640);
  const mean = trainRows.reduce((s, v) => s + v, 0) / trainRows.length;
  const std = Math.sqrt(trainRows.reduce((s, v) => s + (v - mean) ** 2, 0) / trainRows.length);
  const z = ot.map((v) => (v - mean) / std);
  const span = CONFIG.steps + CONFIG.horizon;
  // 2,000 training windows spread evenly over the train rows.
  const stride = Math.floor((8640 - span) / (CONFIG.windows - 1));
  const train = take(slidingWindows(z.slice(0, 8640), CONFIG.steps, CONFIG.horizon, { stride }), CONFIG.windows);
  const val = slidingWindows(z.slice(8640, 11520), CONFIG.steps, CONFIG.horizon, { stride: 4 });
  return { train, val };
}

function take(set: WindowSet, n: number): WindowSet {
  const count = Math.min(n, set.count);
  return {
    ...set,
    count,
    x: set.x.slice(0, count * set.steps * set.features),
    y: set.y.slice(0, count * set.horizon),
  };
}

type Model = TrainableModel & { parameterCount: number; dispose(): void };

function buildModel(kind: Kind, seed: number, fused = true): Model {
  return kind === 'transformer'
    ? new PatchTransformer({ steps: CONFIG.steps, horizon: CONFIG.horizon, ...CONFIG.transformer, seed, fused })
    : new RecurrentNet({ cell: kind, inputs: 1, units: CONFIG.units, horizon: CONFIG.horizon, seed, fused });
}

/** Our training loop; `fused: false` is the "before" of the Transformer (the same model in plain tfjs ops). */
async function runOurs(kind: Kind, train: WindowSet, val: WindowSet, epochs: number, seed: number, fused = true) {
  const model = buildModel(kind, seed, fused);
  const label = fused ? 'fused' : 'tfjs ops';
  const result = await trainWindows(model, train, {
    epochs,
    batchSize: CONFIG.batch,
    learningRate: CONFIG.lr,
    seed,
    onEpoch: (r) => log(`  ${kind} ${label} epoch ${r.epoch + 1}: ${r.ms.toFixed(0)} ms, train ${r.loss.toFixed(4)}`),
  });
  const valMse = evaluateMse(model, val);
  const parameters = model.parameterCount;
  model.dispose();
  return { epochMs: result.epochMs.slice(1), epochCpuMs: result.epochCpuMs.slice(1), valMse, parameters };
}

/** The obvious tfjs implementation: tf.layers + model.fit (sigmoid gates for comparable quality). */
async function runBefore(kind: Kind, train: WindowSet, val: WindowSet, epochs: number, seed: number): Promise<Row> {
  if (kind === 'transformer') {
    const r = await runOurs(kind, train, val, epochs, seed, false);
    return { model: kind, variant: 'before', ...r, valMse: [r.valMse] };
  }
  // tf.layers draws its initial weights unseeded: each round starts elsewhere, as the seeds do for the others.
  const model = tfl.sequential();
  const rnn = kind === 'lstm' ? tfl.layers.lstm : tfl.layers.gru;
  model.add(rnn({ units: CONFIG.units, recurrentActivation: 'sigmoid', inputShape: [CONFIG.steps, 1] }));
  model.add(tfl.layers.dense({ units: CONFIG.horizon }));
  model.compile({ optimizer: tf.train.adam(CONFIG.lr), loss: 'meanSquaredError' });
  const x = tf.tensor3d(train.x, [train.count, train.steps, 1]);
  const y = tf.tensor2d(train.y, [train.count, train.horizon]);
  const epochMs: number[] = [];
  const epochCpuMs: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    await model.fit(x, y, { batchSize: CONFIG.batch, epochs: 1, shuffle: true, verbose: 0 });
    epochMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    epochCpuMs.push((used.user + used.system) / 1000);
    log(`  ${kind} tf.layers epoch ${e + 1}: ${epochMs[e].toFixed(0)} ms`);
  }
  const vx = tf.tensor3d(val.x, [val.count, val.steps, 1]);
  const vy = tf.tensor2d(val.y, [val.count, val.horizon]);
  const valMse = tf.tidy(() => tf.mean(tf.squaredDifference(model.predict(vx) as tf.Tensor, vy)).dataSync()[0]);
  const row: Row = {
    model: kind,
    variant: 'before',
    epochMs: epochMs.slice(1),
    epochCpuMs: epochCpuMs.slice(1),
    valMse: [valMse],
    parameters: model.countParams(),
  };
  tf.dispose([x, y, vx, vy]);
  model.dispose();
  return row;
}

function hasTorch(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runTorch(kinds: Kind[], train: WindowSet, val: WindowSet, epochs: number, seed: number): Row[] {
  const dir = mkdtempSync(join(os.tmpdir(), 'foretell-bench-'));
  try {
    const data: Record<string, string> = {};
    const files: [string, Float32Array][] = [
      ['trainX', train.x],
      ['trainY', train.y],
      ['valX', val.x],
      ['valY', val.y],
    ];
    for (const [name, values] of files) {
      data[name] = join(dir, `${name}.f32`);
      writeFileSync(data[name], Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    }
    const cfg = { ...CONFIG, seed, models: kinds, epochs, threads: 1, data };
    log(`  pytorch: ${kinds.join(', ')} (one thread) …`);
    const out = execFileSync('/usr/bin/python3', [join(__dirname, 'train-speed.py'), JSON.stringify(cfg)], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    });
    const parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      torch: string;
      results: Record<Kind, { epochMs: number[]; epochCpuMs: number[]; valMse: number[]; parameters: number }>;
    };
    log(`  pytorch ${parsed.torch}`);
    return kinds.map((k) => ({
      model: k,
      variant: 'pytorch',
      epochMs: parsed.results[k].epochMs.slice(1),
      epochCpuMs: parsed.results[k].epochCpuMs.slice(1),
      valMse: [parsed.results[k].valMse.at(-1) ?? NaN],
      parameters: parsed.results[k].parameters,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Adds a round's result to the row of (model, variant), creating it on first use. */
function merge(rows: Row[], r: Row): void {
  const row = rows.find((o) => o.model === r.model && o.variant === r.variant);
  if (!row) rows.push(r);
  else {
    row.epochMs.push(...r.epochMs);
    row.epochCpuMs.push(...r.epochCpuMs);
    row.valMse.push(...r.valMse);
  }
}

async function main(): Promise<void> {
  const opts = args();
  const backend = await initBackend('wasm');
  const { train, val } = loadData();
  const torch = opts.torch && hasTorch();
  log(`train ${train.count} windows, validation ${val.count}; ${opts.rounds} rounds × ${opts.epochs} epochs`);
  const rows: Row[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    const seed = CONFIG.seed + round;
    for (const kind of opts.models) {
      const r = await runOurs(kind, train, val, opts.epochs, seed);
      merge(rows, { model: kind, variant: 'fused (ours)', ...r, valMse: [r.valMse] });
    }
    if (torch) for (const r of runTorch(opts.models, train, val, opts.epochs, seed)) merge(rows, r);
  }
  if (!torch) log('  pytorch: skipped (no torch in /usr/bin/python3, or --no-torch)');
  if (opts.before) {
    for (let round = 0; round < opts.beforeRounds; round++) {
      for (const kind of opts.models) merge(rows, await runBefore(kind, train, val, opts.epochs, CONFIG.seed + round));
    }
  }
  rows.sort((a, b) => opts.models.indexOf(a.model) - opts.models.indexOf(b.model));

  const cpu = `${os.cpus().length}× ${os.cpus()[0]?.model ?? '?'}`;
  console.log(`\nbackend ${backend}; ${cpu}; load average ${os.loadavg()[0].toFixed(1)} at the end`);
  const { steps, horizon, batch, lr } = CONFIG;
  console.log(`${train.count} windows × ${steps} steps → ${horizon}, batch ${batch}, Adam ${lr}`);
  console.log('ms/epoch: median (min) of n timed epochs; wall clock, and CPU time of the training process');
  console.log('model        variant        params  n   wall median (min)  cpu median (min)   val MSE (spread)');
  for (const r of rows) {
    const spread = r.valMse.length > 1 ? `${Math.min(...r.valMse).toFixed(3)}–${Math.max(...r.valMse).toFixed(3)}` : '';
    const stat = (a: number[]) => `${median(a).toFixed(0).padStart(7)} (${Math.min(...a).toFixed(0).padStart(5)})`;
    console.log(
      `${r.model.padEnd(12)} ${r.variant.padEnd(13)} ${String(r.parameters).padStart(6)} ` +
        `${String(r.epochMs.length).padStart(2)}` +
        `   ${stat(r.epochMs)}    ${stat(r.epochCpuMs)}    ${mean(r.valMse).toFixed(4)} ${spread}`,
    );
  }
  console.log('\nratio to PyTorch (one thread), same run: wall median, wall min, cpu median');
  for (const r of rows.filter((o) => o.variant !== 'pytorch')) {
    const ref = rows.find((o) => o.model === r.model && o.variant === 'pytorch');
    if (!ref) continue;
    const q = (a: number[], b: number[], f: (x: number[]) => number) => (f(a) / f(b)).toFixed(2);
    const min = (a: number[]) => Math.min(...a);
    console.log(
      `${r.model.padEnd(12)} ${r.variant.padEnd(13)} ${q(r.epochMs, ref.epochMs, median).padStart(6)} ` +
        `${q(r.epochMs, ref.epochMs, min).padStart(6)} ${q(r.epochCpuMs, ref.epochCpuMs, median).padStart(6)}`,
    );
  }
  if (opts.json) {
    const summary = {
      date: new Date().toISOString(),
      backend,
      cpu,
      loadAverage: os.loadavg(),
      config: { ...CONFIG, epochs: opts.epochs, rounds: opts.rounds, beforeRounds: opts.beforeRounds },
      rows: rows.map((r) => ({ ...r, medianMs: median(r.epochMs), medianCpuMs: median(r.epochCpuMs) })),
    };
    writeFileSync(opts.json, JSON.stringify(summary, null, 2));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
