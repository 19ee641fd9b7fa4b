/**
 * Writes a long CSV `id,timestamp,value` of many weekly series for the scale bench (bench/scale.ts), made from the
 * public series in ../shared/datasets: each output series is a window of one source series (M4 Weekly's 359, the
 * monthly sunspots, the daily Melbourne temperatures, the airline passengers; a short source repeats end to end),
 * scaled, shifted in level, with seeded Gaussian noise, on a weekly grid whose start is shifted by a seeded number of
 * weeks. The same seed writes the same file. Rows are written series by series through a stream that is waited on
 * when full, so memory stays at the sources plus one series whatever N.
 *
 *   node -r @swc-node/register bench/make-scale-data.ts [--series 100000] [--points 300] [--out FILE] [--seed 1]
 *
 * 100,000 × 300 is 30 M rows, about 1 GB. --smoke: 200 series × 60 points to a temporary file, checked row by row.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { normalSampler, seededRandom } from '@foretell/contracts';
import { benchArgs, intArg } from './args';

const DATASETS = resolve(__dirname, '../../shared/datasets');
const USAGE = 'node -r @swc-node/register bench/make-scale-data.ts [--series 100000] [--points 300] [--out FILE] [--seed 1] [--smoke]';
const WEEK_MS = 7 * 86_400_000;
/** A Monday: every series starts a whole number of weeks after it, so the dataset has one weekly grid. */
const EPOCH = Date.UTC(1990, 0, 1);
/** Starts spread over this many weeks (the "time shifts"). */
const MAX_SHIFT_WEEKS = 520;

/** The value column of each series in a long CSV (id, timestamp, value), in file order. */
function longSeries(file: string): Float64Array[] {
  const byId = new Map<string, number[]>();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const [id, , value] = line.split(',');
    let values = byId.get(id!);
    if (!values) byId.set(id!, (values = []));
    values.push(Number(value));
  }
  return [...byId.values()].map((v) => Float64Array.from(v));
}

/** The last column of a two-column CSV with a header, as one series. */
function singleSeries(file: string): Float64Array {
  const rows = readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
  return Float64Array.from(rows.map((row) => Number(row.slice(row.lastIndexOf(',') + 1).replace(/"/g, ''))));
}

export function loadSources(): Float64Array[] {
  const sources = [
    ...longSeries(join(DATASETS, 'm4-weekly-train.csv')),
    singleSeries(join(DATASETS, 'monthly-sunspots.csv')),
    singleSeries(join(DATASETS, 'daily-min-temperatures.csv')),
    singleSeries(join(DATASETS, 'airline-passengers.csv')),
  ];
  if (sources.some((s) => s.length === 0 || s.some((v) => !Number.isFinite(v)))) throw new Error('a source series did not parse');
  return sources;
}

function standardDeviation(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return Math.sqrt(sum / values.length) || 1;
}

/** The CSV rows of series `index`: a window of a source, scaled, shifted and noised, positive like the sources. */
function seriesRows(index: number, points: number, sources: Float64Array[], deviations: number[], random: () => number): string {
  // Normals draw from the same generator, between the uniforms (the file a seed writes stays as it was).
  const normal = normalSampler(random);
  const which = Math.floor(random() * sources.length);
  const source = sources[which]!;
  const offset = Math.floor(random() * source.length);
  const scale = Math.exp(normal() * 0.7);
  const level = random() * deviations[which]! * scale;
  const noise = 0.05 * deviations[which]! * scale;
  const start = EPOCH + Math.floor(random() * MAX_SHIFT_WEEKS) * WEEK_MS;
  const id = `S${String(index + 1).padStart(6, '0')}`;
  let rows = '';
  for (let t = 0; t < points; t++) {
    const value = Math.max(0, source[(offset + t) % source.length]! * scale + level + noise * normal());
    rows += `${id},${new Date(start + t * WEEK_MS).toISOString().slice(0, 10)},${value.toFixed(2)}\n`;
  }
  return rows;
}

/** Writes the file; returns its rows. */
export async function writeScaleData(out: string, { series, points, seed }: { series: number; points: number; seed: number }): Promise<number> {
  const sources = loadSources();
  const deviations = sources.map(standardDeviation);
  const random = seededRandom(seed);
  const stream = createWriteStream(out);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  stream.write('id,timestamp,value\n');
  for (let i = 0; i < series; i++) {
    if (!stream.write(seriesRows(i, points, sources, deviations, random))) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
  return series * points;
}

/** Smoke: the file has the rows, ids and weekly dates it should, and the same seed writes the same bytes. */
async function smoke(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'scale-data-'));
  try {
    const [a, b] = [join(dir, 'a.csv'), join(dir, 'b.csv')];
    await writeScaleData(a, { series: 200, points: 60, seed: 7 });
    await writeScaleData(b, { series: 200, points: 60, seed: 7 });
    const text = readFileSync(a, 'utf8');
    if (text !== readFileSync(b, 'utf8')) throw new Error('the same seed wrote different files');
    const rows = text.trimEnd().split('\n').slice(1).map((line) => line.split(','));
    const ids = new Set(rows.map((r) => r[0]));
    const badDate = rows.find((r) => (Date.parse(r[1]!) - EPOCH) % WEEK_MS !== 0);
    const badValue = rows.find((r) => !(Number(r[2]) >= 0));
    if (rows.length !== 12_000 || ids.size !== 200 || badDate || badValue) {
      throw new Error(`smoke file wrong: ${rows.length} rows, ${ids.size} ids, bad date ${badDate?.join(',')}, bad value ${badValue?.join(',')}`);
    }
    console.log(`smoke: 200 series × 60 points, ${rows.length} rows, reproducible from the seed`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = benchArgs(USAGE, {
    series: { type: 'string', default: '100000' },
    points: { type: 'string', default: '300' },
    out: { type: 'string', default: join(tmpdir(), 'foretell-scale.csv') },
    seed: { type: 'string', default: '1' },
  });
  if (args.smoke) return smoke();
  const started = performance.now();
  const rows = await writeScaleData(resolve(args.out), {
    series: intArg(args.series, 'series', 1),
    points: intArg(args.points, 'points', 2),
    seed: intArg(args.seed, 'seed'),
  });
  const mb = statSync(resolve(args.out)).size / 1024 / 1024;
  console.log(`${resolve(args.out)}: ${rows} rows, ${mb.toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
