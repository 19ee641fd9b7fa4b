/**
 * Speed of the statistical models: fit + forecast Theta, Damped and AutoETS on all 359 M4 weekly series (h = 13,
 * m = 1), beside statsmodels on the same series when a Python with statsmodels is found.
 *
 *   node -r @swc-node/register bench/stat-speed.ts [--models theta,damped,auto_ets] [--repeats 3] [--no-statsmodels]
 *
 * --smoke: 20 weekly series and 2 hourly ones, once, without statsmodels or R (a check that it runs).
 *
 * With `--data hourly` (synthetic daily + weekly cycles, `--count` series of 700–900 points) or `--data etth2`
 * (800-hour ETTh2 slices): season 24 with candidate periods 24 and 168, h = 48, the last 48 hours held out; models
 * default seasonal_naive,mstl,auto_ets,auto_arima; seconds per 100 series and MASE, beside R's forecast package
 * (stlf/stlm with msts(24, 168), and ets on frequency 24 as the seasonal ETS we used to fit) when Rscript is found.
 *
 * Ours: the median of `--repeats` runs in one process (the first includes JIT warm-up; all runs are printed).
 * statsmodels (bench/stat-speed.py: ThetaModel, ExponentialSmoothing with damped trend, ETSModel chosen by AICc over
 * the same error/trend combinations) runs once, single-threaded. Wall and CPU seconds are both reported: on a
 * shared machine CPU time is the steadier basis for the ratio. sMAPE on the test weeks is printed for both sides
 * so a fast but wrong fit would show.
 * The Python used is $PYTHON, else `python3`, else /usr/bin/python3 — the first that can import statsmodels
 * (Debian: apt-get install python3-statsmodels). Nothing here is needed by CI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel, mase, smape } from '@foretell/forecasting';
import type { ModelKind } from '@foretell/contracts';
import { benchArgs, intArg, listArg } from './args';
import { etth2Slices, syntheticHourly } from './hourly-series';

const DATA = join(__dirname, '../../shared/datasets');
const TRAIN = join(DATA, 'm4-weekly-train.csv');
const TEST = join(DATA, 'm4-weekly-test.csv');
const H = 13;

interface Timing {
  seconds: number;
  cpuSeconds: number;
  smape: number;
}

const USAGE = `node -r @swc-node/register bench/stat-speed.ts [--models theta,damped,auto_ets] [--repeats 3] [--no-statsmodels]
       [--data weekly|hourly|etth2] [--count 100] [--no-r] [--smoke]`;

function args() {
  const values = benchArgs(USAGE, {
    data: { type: 'string', default: 'weekly' },
    count: { type: 'string', default: '100' },
    models: { type: 'string' },
    repeats: { type: 'string' },
    'no-statsmodels': { type: 'boolean', default: false },
    'no-r': { type: 'boolean', default: false },
  });
  const data = values.data;
  if (!['weekly', 'hourly', 'etth2'].includes(data)) throw new Error(`--data must be weekly, hourly or etth2, got ${data}`);
  const hourly = data !== 'weekly';
  return {
    data,
    smoke: values.smoke,
    count: intArg(values.count, 'count', 1),
    models: listArg(values.models ?? (hourly ? 'seasonal_naive,mstl,auto_ets,auto_arima' : 'theta,damped,auto_ets')) as ModelKind[],
    repeats: values.repeats === undefined ? (hourly ? 1 : 3) : intArg(values.repeats, 'repeats', 1),
    // Smoke runs need neither reference.
    statsmodels: !values['no-statsmodels'] && !values.smoke,
    r: !values['no-r'] && !values.smoke,
  };
}

/** Long `unique_id,ds,y` file as series in file order. */
function readLong(path: string): Float64Array[] {
  const byId = new Map<string, number[]>();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const [id, , y] = line.split(',');
    let values = byId.get(id);
    if (!values) byId.set(id, (values = []));
    values.push(Number(y));
  }
  return [...byId.values()].map((v) => Float64Array.from(v));
}

async function timeOurs(kind: ModelKind, train: Float64Array[], test: Float64Array[]): Promise<Timing> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const model = createModel({ kind });
  await model.fit({ series: train, season: 1, seed: 0 });
  const forecasts = await model.predict(H);
  model.dispose();
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - wall) / 1000;
  const accuracy = forecasts.reduce((s, f, i) => s + smape(test[i], f), 0) / forecasts.length;
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, smape: accuracy };
}

function findPython(): string | null {
  for (const candidate of [process.env.PYTHON, 'python3', '/usr/bin/python3']) {
    if (!candidate) continue;
    try {
      execFileSync(candidate, ['-c', 'import statsmodels'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const HOURLY_H = 48;
const HOURLY_SEASONALITIES = [24, 168];

/** Fit + forecast of one model on hourly series (last 48 held out): seconds per 100 series and mean MASE (lag 24). */
async function timeHourly(kind: ModelKind, series: Float64Array[]): Promise<Timing & { mase: number }> {
  const train = series.map((s) => s.subarray(0, s.length - HOURLY_H));
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const model = createModel({ kind });
  await model.fit({ series: train, season: 24, seasonalities: HOURLY_SEASONALITIES, seed: 0 });
  const forecasts = await model.predict(HOURLY_H);
  model.dispose();
  const used = process.cpuUsage(cpu);
  const per100 = 100 / series.length;
  const test = series.map((s) => s.subarray(s.length - HOURLY_H));
  return {
    seconds: ((performance.now() - wall) / 1000) * per100,
    cpuSeconds: ((used.user + used.system) / 1e6) * per100,
    smape: forecasts.reduce((s, f, i) => s + smape(test[i], f), 0) / forecasts.length,
    mase: forecasts.reduce((s, f, i) => s + mase(test[i], f, train[i], 24), 0) / forecasts.length,
  };
}

/** R's forecast on the same series (bench/stat-speed.R), or null without Rscript and the forecast package. */
function timeR(series: Float64Array[]): Record<string, Timing & { mase: number }> | null {
  try {
    execFileSync('Rscript', ['-e', 'library(forecast)'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'stat-speed-')), 'hourly.csv');
  writeFileSync(file, series.map((s) => Array.from(s).join(',')).join('\n') + '\n');
  console.error('R forecast via Rscript (single-threaded; a few minutes)…');
  const out = execFileSync('Rscript', [join(__dirname, 'stat-speed.R'), file, String(HOURLY_H)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, Timing & { mase: number }>;
}

async function mainHourly(options: ReturnType<typeof args>): Promise<void> {
  const series = options.data === 'hourly' ? syntheticHourly(options.count) : etth2Slices(DATA, Math.ceil(options.count / 7));
  console.error(`${options.data}: ${series.length} series, horizon ${HOURLY_H}, season 24, candidates ${HOURLY_SEASONALITIES.join(', ')}`);
  const rows: Record<string, string>[] = [];
  for (const kind of options.models) {
    const t = await timeHourly(kind, series);
    rows.push({ model: kind, 'wall s / 100 series': t.seconds.toFixed(2), 'cpu s / 100 series': t.cpuSeconds.toFixed(2), MASE: t.mase.toFixed(3), sMAPE: t.smape.toFixed(2) });
  }
  const theirs = options.r ? timeR(series) : null;
  for (const [name, t] of Object.entries(theirs ?? {})) {
    rows.push({ model: `R ${name}`, 'wall s / 100 series': t.seconds.toFixed(2), 'cpu s / 100 series': t.cpuSeconds.toFixed(2), MASE: t.mase.toFixed(3), sMAPE: t.smape.toFixed(2) });
  }
  console.table(rows);
}

async function main(): Promise<void> {
  const options = args();
  if (options.smoke) {
    // Both protocols on a handful of series, once each, no references.
    await mainHourly({ ...options, data: 'hourly', count: 2, models: ['seasonal_naive', 'mstl'] });
    return mainWeekly({ ...options, repeats: 1 }, SMOKE_SERIES);
  }
  if (options.data !== 'weekly') return mainHourly(options);
  return mainWeekly(options);
}

/** How many M4 weekly series a smoke run fits. */
const SMOKE_SERIES = 20;

async function mainWeekly(options: ReturnType<typeof args>, seriesCount = Infinity): Promise<void> {
  const { models, repeats, statsmodels } = options;
  const train = readLong(TRAIN).slice(0, seriesCount);
  const test = readLong(TEST).slice(0, seriesCount);
  console.error(`M4 weekly: ${train.length} series, horizon ${H}; ${repeats} run(s) of ours per model`);

  const ours: Record<string, Timing> = {};
  for (const kind of models) {
    const runs: Timing[] = [];
    for (let r = 0; r < repeats; r++) runs.push(await timeOurs(kind, train, test));
    console.error(`  ${kind}: ${runs.map((t) => `${t.seconds.toFixed(2)}s`).join(', ')} wall`);
    ours[kind] = {
      seconds: median(runs.map((t) => t.seconds)),
      cpuSeconds: median(runs.map((t) => t.cpuSeconds)),
      smape: runs[0].smape,
    };
  }

  let theirs: Record<string, Timing> | null = null;
  const python = statsmodels ? findPython() : null;
  if (python) {
    console.error(`statsmodels via ${python} (this takes a few minutes)…`);
    const script = join(__dirname, 'stat-speed.py');
    const out = execFileSync(python, [script, TRAIN, String(H), '--models', models.join(',')], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    theirs = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, Timing>;
  } else if (statsmodels) {
    console.error('statsmodels not found (apt-get install python3-statsmodels); timing ours only');
  }

  const rows = models.map((kind) => {
    const a = ours[kind];
    const b = theirs?.[kind];
    return {
      model: kind,
      'ours wall s': a.seconds.toFixed(2),
      'ours cpu s': a.cpuSeconds.toFixed(2),
      'statsmodels wall s': b ? b.seconds.toFixed(1) : '—',
      'statsmodels cpu s': b ? b.cpuSeconds.toFixed(1) : '—',
      'speed-up (wall)': b ? `${(b.seconds / a.seconds).toFixed(1)}×` : '—',
      'speed-up (cpu)': b ? `${(b.cpuSeconds / a.cpuSeconds).toFixed(1)}×` : '—',
      'sMAPE ours': a.smape.toFixed(3),
      'sMAPE statsmodels': b ? b.smape.toFixed(3) : '—',
    };
  });
  console.table(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
