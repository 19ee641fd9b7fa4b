/**
 * Shared by the neural benches (neural-m4, neural-etth2, neural-comparison): dataset readers, M4 scoring, argument
 * parsing and a plain-text table. Nothing here is needed by the engine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mase, smape } from '@foretell/forecasting';
import type { ModelKind } from '@foretell/contracts';
import { benchArgs, intArg, listArg, type Options } from './args';

export const DATA = join(__dirname, '../../shared/datasets');
export const M4_H = 13;
/** Naive2's published M4 Weekly figures: the denominators of OWA. */
export const M4_NAIVE2 = { smape: 9.161, mase: 2.777 };

/** A long `unique_id,ds,y` file as series in file order. */
export function readLong(file: string): Float64Array[] {
  const byId = new Map<string, number[]>();
  for (const line of readFileSync(join(DATA, file), 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const [id, , y] = line.split(',');
    let values = byId.get(id);
    if (!values) byId.set(id, (values = []));
    values.push(y === '' ? NaN : Number(y));
  }
  return [...byId.values()].map((v) => Float64Array.from(v));
}

/** M4 Weekly's training and test weeks; the first `seriesCount` series only when given (smoke runs). */
export function readM4Weekly(seriesCount = Infinity): { train: Float64Array[]; test: Float64Array[] } {
  return { train: readLong('m4-weekly-train.csv').slice(0, seriesCount), test: readLong('m4-weekly-test.csv').slice(0, seriesCount) };
}

/** How many series a smoke run of a bench on M4 Weekly fits. */
export const SMOKE_SERIES = 12;

/** One column of ETTh2.csv by header name. */
export function readEtth2(column: string): Float64Array {
  const lines = readFileSync(join(DATA, 'ETTh2.csv'), 'utf8').split('\n').filter(Boolean);
  const at = lines[0].split(',').indexOf(column);
  if (at < 0) throw new Error(`ETTh2.csv has no column ${column}`);
  return Float64Array.from(lines.slice(1), (l) => Number(l.split(',')[at]));
}

export interface M4Score {
  smape: number;
  mase: number;
  owa: number;
}

/** M4 sMAPE and MASE (m = 1 for weekly) averaged over series, and OWA against Naive2's published figures. */
export function scoreM4(train: readonly Float64Array[], test: readonly Float64Array[], forecasts: readonly ArrayLike<number>[]): M4Score {
  let s = 0;
  let m = 0;
  forecasts.forEach((f, i) => {
    s += smape(test[i], f);
    m += mase(test[i], f, train[i], 1);
  });
  s /= forecasts.length;
  m /= forecasts.length;
  return { smape: s, mase: m, owa: (s / M4_NAIVE2.smape + m / M4_NAIVE2.mase) / 2 };
}

/** Pointwise mean or median of several models' forecasts. */
export function combine(members: readonly (readonly Float64Array[])[], how: 'mean' | 'median'): Float64Array[] {
  return members[0].map((_, i) =>
    Float64Array.from(members[0][i], (_, j) => {
      const v = members.map((m) => m[i][j]).sort((a, b) => a - b);
      if (how === 'mean') return v.reduce((a, b) => a + b, 0) / v.length;
      const k = v.length >> 1;
      return v.length % 2 ? v[k] : (v[k - 1] + v[k]) / 2;
    }),
  );
}

const MODEL_OPTIONS = {
  models: { type: 'string' },
  seeds: { type: 'string', default: '1' },
  params: { type: 'string', multiple: true, default: [] as string[] },
  json: { type: 'string' },
} as const satisfies Options;

/**
 * The options of the model benches, on bench/args.ts: --models a,b (default `defaultModels`), --seeds N,
 * --params KIND=JSON (repeatable), --json FILE, plus the script's own `extra` options and --smoke.
 */
export function modelArgs<const O extends Options>(usage: string, defaultModels: readonly string[], extra: O) {
  // Parsed as one command line; typed as the two parts (TypeScript cannot infer parseArgs' result for a generic O).
  const values = benchArgs(usage, { ...extra, ...MODEL_OPTIONS }) as ReturnType<typeof benchArgs<typeof MODEL_OPTIONS>> & ReturnType<typeof benchArgs<O>>;
  const params: Partial<Record<ModelKind, Record<string, unknown>>> = {};
  for (const p of values.params) {
    const eq = p.indexOf('=');
    if (eq < 0) throw new Error(`--params wants KIND=JSON, got ${p}`);
    params[p.slice(0, eq) as ModelKind] = JSON.parse(p.slice(eq + 1));
  }
  return {
    models: (values.models === undefined ? [...defaultModels] : listArg(values.models)) as ModelKind[],
    seeds: intArg(values.seeds, 'seeds', 1),
    params,
    json: values.json,
    smoke: values.smoke,
    values,
  };
}

/** What a smoke run trains neural models with: one short epoch, so a smoke run takes seconds. */
export const SMOKE_NEURAL_PARAMS = { epochs: 1, windowsPerEpoch: 64 };

/** Left-aligned first column, right-aligned others. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const width = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  return cells
    .map((r) => r.map((v, c) => (c === 0 ? v.padEnd(width[c]) : v.padStart(width[c]))).join('  '))
    .join('\n');
}

export const fixed = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** One run of a model bench: a model (or a combination) with one seed, and its forecasts. */
interface ModelRun {
  model: string;
  forecasts: unknown;
}

/**
 * The end of a model bench: one table row per model, in the order first run, from its runs over every seed (`row`
 * gets them and their mean of a figure); the caption, the table and the published figures printed; with --json, every
 * run without its forecasts.
 */
export function reportRuns<R extends ModelRun>(
  runs: readonly R[],
  { caption, header, row, published, json }: {
    caption: string;
    header: string[];
    row: (name: string, runs: R[], mean: (figure: (run: R) => number) => number) => (string | number)[];
    published: string;
    json: string | undefined;
  },
): void {
  const rows = [...new Set(runs.map((r) => r.model))].map((name) => {
    const rs = runs.filter((r) => r.model === name);
    return row(name, rs, (figure) => rs.reduce((sum, r) => sum + figure(r), 0) / rs.length);
  });
  console.log(caption);
  console.log(table(header, rows));
  console.log(published);
  if (json) writeFileSync(json, JSON.stringify(runs.map(({ forecasts: _, ...r }) => r), null, 2));
}

export function machine(): string {
  const os = require('node:os') as typeof import('node:os');
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`;
}
