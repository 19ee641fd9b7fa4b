/**
 * Training speed of the production deep networks on the WASM backend, against tf.layers ("before") and PyTorch on the
 * same machine.
 *
 *   node -r @swc-node/register bench/train-speed.ts [--models lstm,gru,transformer] [--epochs 5] [--rounds 3]
 *                                                    [--before-rounds 2] [--no-torch] [--no-before] [--json out.json]
 *   --smoke: one round of two epochs per model, without PyTorch or the "before" variants (a check that it runs).
 *
 * Configuration of issue 5: 64 units, 48 input steps, horizon 24 (dense head), 2,000 windows, batch 64, Adam 1e-3.
 * The networks are the ones runs train (`RecurrentDirectNet` of the lstm and gru kinds, one layer, no segments;
 * `PatchTransformerNet` of the transformer kind), trained by the runs' loop (`trainLoop`: MSE, constant learning
 * rate, no clipping, no per-window normalisation, so that PyTorch runs the same sums).
 * The windows are real: ETTh2 `OT`, z-scored with the statistics of rows 0–8639 (the train split of the
 * DLinear/PatchTST protocol), training windows from those rows, validation windows from rows 8640–11519; so the same
 * run also checks that every variant reaches a similar validation MSE.
 * Ours and PyTorch (single-threaded, bench/train-speed.py, when /usr/bin/python3 has torch) alternate for `--rounds`
 * rounds of `--epochs` epochs on fresh networks (seeds 0, 1, …), so both see the same machine load; the first epoch
 * of each run is warm-up and the median of the rest is reported, with the min (timings on a shared 2-core machine are
 * noisy). The "before" variants (tf.layers LSTM and GRU with model.fit) run `--before-rounds` times: they are an
 * order of magnitude slower. Validation MSE: mean over rounds, and the spread (seeds differ between rounds).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import {
  evaluateLoss,
  gatherWindows,
  initBackend,
  parameterCount,
  parseModelParams,
  PatchTransformerNet,
  planPatches,
  RecurrentDirectNet,
  trainLoop,
  type LoopData,
  type LoopSettings,
  type Network,
  type Origins,
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

interface Windows {
  data: LoopData;
  /** The same windows as arrays, row-major, for tf.layers and PyTorch. */
  train: { x: Float32Array; y: Float32Array; count: number };
  val: { x: Float32Array; y: Float32Array; count: number };
}

/** Origins t (window inputs [t − steps, t), targets [t, t + horizon)) of one series, every `stride` from `first`. */
function origins(first: number, last: number, stride: number, count = Infinity): Origins {
  const t = Int32Array.from({ length: Math.min(count, Math.floor((last - first) / stride) + 1) }, (_, i) => first + i * stride);
  return { series: new Int32Array(t.length), t, count: t.length };
}

function loadData(): Windows {
  const csv = readFileSync(join(__dirname, '../../shared/datasets/ETTh2.csv'), 'utf8').trim().split('\n');
  const col = csv[0].split(',').indexOf('OT');
  const ot = csv.slice(1, 11521).map((line) => Number(line.split(',')[col]));
  const trainRows = ot.slice(0, 8640);
  const mean = trainRows.reduce((s, v) => s + v, 0) / trainRows.length;
  const std = Math.sqrt(trainRows.reduce((s, v) => s + (v - mean) ** 2, 0) / trainRows.length);
  const values = Float32Array.from(ot, (v) => (v - mean) / std);
  const { steps, horizon } = CONFIG;
  // 2,000 training windows spread evenly over the train rows; validation windows every 4 rows of the next 2,880.
  const stride = Math.floor((8640 - steps - horizon) / (CONFIG.windows - 1));
  const train = origins(steps, 8640 - horizon, stride, CONFIG.windows);
  const validation = origins(8640 + steps, 11520 - horizon, 4);
  const series = [{ values, mean, std }];
  const arrays = (o: Origins) => ({ ...gatherWindows(series, o, o.t.map((_, i) => i), steps, horizon), count: o.count });
  return { data: { series, train, validation }, train: arrays(train), val: arrays(validation) };
}

function buildNetwork(kind: Kind, seed: number): Network {
  const dims = { inputSize: CONFIG.steps, horizon: CONFIG.horizon, features: 1 };
  if (kind !== 'transformer') return new RecurrentDirectNet(kind, dims, CONFIG.units, 1, 1, seed);
  const { patch, stride, dModel, heads, ff, layers } = CONFIG.transformer;
  const params = parseModelParams({
    kind: 'transformer',
    params: { dModel, heads, layers, feedForward: ff, dropout: 0, patchLength: patch, patchStride: stride },
  });
  return new PatchTransformerNet(dims, planPatches(CONFIG.steps, patch, stride), params, seed);
}

/** The runs' training loop on the production network, timed per epoch (validation afterwards, untimed). */
async function runOurs(kind: Kind, windows: Windows, epochs: number, seed: number) {
  const net = buildNetwork(kind, seed);
  const settings: LoopSettings = {
    inputSize: CONFIG.steps,
    horizon: CONFIG.horizon,
    epochs,
    patience: 0,
    batchSize: CONFIG.batch,
    windowsPerEpoch: CONFIG.windows,
    learningRate: CONFIG.lr,
    loss: 'mse',
    normalization: 'none',
    schedule: 'plateau',
    sampling: 'windows',
    seed,
  };
  const epochMs: number[] = [];
  const epochCpuMs: number[] = [];
  let cpu = process.cpuUsage();
  const empty: Origins = { series: new Int32Array(0), t: new Int32Array(0), count: 0 };
  await trainLoop(net, { ...windows.data, validation: empty }, settings, {
    onEpoch: (r) => {
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      epochMs.push(r.seconds * 1000);
      epochCpuMs.push((used.user + used.system) / 1000);
      log(`  ${kind} ours epoch ${r.epoch + 1}: ${(r.seconds * 1000).toFixed(0)} ms, train ${r.loss.toFixed(4)}`);
    },
  });
  const valMse = evaluateLoss(net, windows.data, windows.data.validation, settings);
  const parameters = parameterCount(net.variables);
  net.dispose();
  return { epochMs: epochMs.slice(1), epochCpuMs: epochCpuMs.slice(1), valMse, parameters };
}

/** The obvious tfjs implementation: tf.layers + model.fit (sigmoid gates for comparable quality). */
async function runBefore(kind: 'lstm' | 'gru', windows: Windows, epochs: number): Promise<Row> {
  const { train, val } = windows;
  // tf.layers draws its initial weights unseeded: each round starts elsewhere, as the seeds do for the others.
  const model = tfl.sequential();
  const rnn = kind === 'lstm' ? tfl.layers.lstm : tfl.layers.gru;
  model.add(rnn({ units: CONFIG.units, recurrentActivation: 'sigmoid', inputShape: [CONFIG.steps, 1] }));
  model.add(tfl.layers.dense({ units: CONFIG.horizon }));
  model.compile({ optimizer: tf.train.adam(CONFIG.lr), loss: 'meanSquaredError' });
  const x = tf.tensor3d(train.x, [train.count, CONFIG.steps, 1]);
  const y = tf.tensor2d(train.y, [train.count, CONFIG.horizon]);
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
  const vx = tf.tensor3d(val.x, [val.count, CONFIG.steps, 1]);
  const vy = tf.tensor2d(val.y, [val.count, CONFIG.horizon]);
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

function runTorch(kinds: Kind[], windows: Windows, epochs: number, seed: number): Row[] {
  const dir = mkdtempSync(join(os.tmpdir(), 'foretell-bench-'));
  try {
    const data: Record<string, string> = {};
    const files: [string, Float32Array][] = [
      ['trainX', windows.train.x],
      ['trainY', windows.train.y],
      ['valX', windows.val.x],
      ['valY', windows.val.y],
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
  const windows = loadData();
  const { train, val } = windows;
  const torch = opts.torch && hasTorch();
  log(`train ${train.count} windows, validation ${val.count}; ${opts.rounds} rounds × ${opts.epochs} epochs`);
  const rows: Row[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    const seed = CONFIG.seed + round;
    for (const kind of opts.models) {
      const r = await runOurs(kind, windows, opts.epochs, seed);
      merge(rows, { model: kind, variant: 'fused (ours)', ...r, valMse: [r.valMse] });
    }
    if (torch) for (const r of runTorch(opts.models, windows, opts.epochs, seed)) merge(rows, r);
  }
  if (!torch) log('  pytorch: skipped (no torch in /usr/bin/python3, or --no-torch)');
  if (opts.before) {
    // tfjs has no Transformer layer out of the box: "before" exists for the recurrent kinds.
    const recurrent = opts.models.filter((k): k is 'lstm' | 'gru' => k !== 'transformer');
    for (let round = 0; round < opts.beforeRounds; round++) {
      for (const kind of recurrent) merge(rows, await runBefore(kind, windows, opts.epochs));
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
