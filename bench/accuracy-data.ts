/**
 * The public benchmarks of bench/accuracy-table.ts (issue 13), cached by bench/fetch-public.sh: what each one is,
 * its horizon, and its series split into a training part and the test part that follows it. Sources, licences and
 * the protocol: docs/ACCURACY.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSeasonalities, seasonFor, type FrequencyUnit } from '@foretell/contracts';
import { maseScale } from '@foretell/forecasting';
import { uniform } from './hourly-series';

export const CACHE = process.env.FORETELL_DATA_CACHE ?? join(__dirname, '../.foretell/datasets');

export interface DatasetSpec {
  /** Cached CSV (long `unique_id,ds,y`, or ETT's wide layout). */
  file: string;
  /** bench/fetch-public.sh source that caches it. */
  source: string;
  unit: FrequencyUnit;
  horizon: number;
  /**
   * Long series are cut into consecutive slices of this many points (latest first), each a series of its own ending
   * in its own test part, so one long record gives many test windows of M4 Hourly's shape (700–960 points).
   */
  slice?: number;
  /** Issue 13's independent check: reported, never used to choose anything. */
  heldOut?: boolean;
}

/** Test parts are the sources' own where they have one (M3, M4: the last h points); otherwise the last h points. */
export const DATASETS: Record<string, DatasetSpec> = {
  'm3-yearly': { file: 'm3-yearly.csv', source: 'm3', unit: 'year', horizon: 6 },
  'm3-quarterly': { file: 'm3-quarterly.csv', source: 'm3', unit: 'quarter', horizon: 8 },
  'm3-monthly': { file: 'm3-monthly.csv', source: 'm3', unit: 'month', horizon: 18 },
  'tourism-quarterly': { file: 'tourism-quarterly.csv', source: 'tsibble', unit: 'quarter', horizon: 8 },
  'aus-retail-monthly': { file: 'aus-retail-monthly.csv', source: 'tsibbledata', unit: 'month', horizon: 24 },
  'ansett-weekly': { file: 'ansett-weekly.csv', source: 'tsibbledata', unit: 'week', horizon: 13 },
  'exchange-daily': { file: 'exchange-daily.csv', source: 'exchange', unit: 'day', horizon: 14, slice: 1000 },
  'pedestrian-hourly': { file: 'pedestrian-hourly.csv', source: 'tsibble', unit: 'hour', horizon: 48, slice: 900 },
  'vic-elec-hourly': { file: 'vic-elec-hourly.csv', source: 'tsibbledata', unit: 'hour', horizon: 48, slice: 900 },
  // Three hourly collections added after the Transformer's two-lengths idea was conceived, to judge it on data it had
  // not seen (docs/ACCURACY.md, "Fresh hourly data").
  'pjm-hourly': { file: 'pjm-hourly.csv', source: 'pjm', unit: 'hour', horizon: 48, slice: 900 },
  'bike-hourly': { file: 'bike-hourly.csv', source: 'bike', unit: 'hour', horizon: 48, slice: 900 },
  'traffic-hourly': { file: 'traffic-hourly.csv', source: 'traffic', unit: 'hour', horizon: 48, slice: 900 },
  'm4-hourly': { file: 'm4-hourly.csv', source: 'm4-hourly', unit: 'hour', horizon: 48, heldOut: true },
  etth1: { file: 'etth1.csv', source: 'etth1', unit: 'hour', horizon: 48, slice: 900, heldOut: true },
};

export interface Dataset {
  name: string;
  spec: DatasetSpec;
  /** MASE's lag and the models' season: the product's default for the frequency (M4's: weekly 1). */
  season: number;
  /** The periods the models test on each series, as the CLI passes them (hourly 24 and 168). */
  seasonalities: number[];
  train: Float64Array[];
  test: Float64Array[];
  /** How many series the data hold before sampling (after slicing and dropping unusable ones). */
  available: number;
}

function readCsv(file: string): string {
  const path = join(CACHE, file);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: run bench/fetch-public.sh first (see docs/ACCURACY.md)`);
  }
}

/** Series in file order: long files by unique_id, wide ones (ETT) one per column after the date. */
function readSeries(file: string): Float64Array[] {
  const lines = readCsv(file).split('\n').filter(Boolean);
  const value = (v: string) => (v === '' ? NaN : Number(v));
  if (lines[0].startsWith('date,')) {
    const rows = lines.slice(1).map((l) => l.split(','));
    return lines[0].split(',').slice(1).map((_, c) => Float64Array.from(rows, (r) => value(r[c + 1])));
  }
  const byId = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const cut = line.lastIndexOf(',');
    const id = line.slice(0, line.lastIndexOf(',', cut - 1));
    let values = byId.get(id);
    if (!values) byId.set(id, (values = []));
    values.push(value(line.slice(cut + 1)));
  }
  return [...byId.values()].map((v) => Float64Array.from(v));
}

/** Consecutive slices of `length` points from the end of the series (a shorter remainder at its start is left out). */
function slices(series: Float64Array, length: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let end = series.length; end - length >= 0; end -= length) out.push(series.subarray(end - length, end));
  return out;
}

/** `count` of the indices 0..n-1, a seeded uniform sample kept in ascending order (all of them when n ≤ count). */
export function sampleIndices(n: number, count: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const u = uniform(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, Math.min(n, count)).sort((a, b) => a - b);
}

/**
 * A dataset's series split into training and test parts, `sample` of them drawn with `seed`. A series is left out
 * when its test part has a gap (it could not be scored), its training part has fewer than two seasons plus two
 * horizons of points (no backtest window), or its training part has no MASE scale (constant, or no two known
 * points a season apart).
 */
export function loadDataset(name: string, sample: number, seed = 13): Dataset {
  const spec = DATASETS[name];
  if (!spec) throw new Error(`unknown dataset ${name}: one of ${Object.keys(DATASETS).join(', ')}`);
  const frequency = { unit: spec.unit, step: 1 };
  const season = seasonFor(frequency);
  const h = spec.horizon;
  const all = readSeries(spec.file).flatMap((s) => (spec.slice ? slices(s, spec.slice) : [s]));
  const usable = all.filter((s) => {
    const train = s.subarray(0, s.length - h);
    const scale = maseScale(train, season);
    return s.subarray(s.length - h).every((v) => !Number.isNaN(v)) && train.length >= 2 * season + 2 * h && scale > 0;
  });
  const picked = sampleIndices(usable.length, sample, seed).map((i) => usable[i]);
  return {
    name,
    spec,
    season,
    seasonalities: runSeasonalities(frequency, null),
    train: picked.map((s) => s.slice(0, s.length - h)),
    test: picked.map((s) => s.slice(s.length - h)),
    available: usable.length,
  };
}
