/**
 * Calendar features on real data: daily electricity demand of Victoria, Australia (tsibbledata's vic_elec, AEMO,
 * 2012-01-01..2014-12-31, summed per day), public holidays of AU-VIC. Every model runs with and without the calendar
 * (weekday, time of year, holidays: the `auto` features of daily data) over a rolling-origin backtest, and the MASE
 * (seasonal lag 7) of each is printed; neural models are averaged over seeds.
 *
 *   node -r @swc-node/register bench/calendar.ts [--models a,b] [--seeds 3] [--windows 26] [--params KIND=JSON]
 *                                                [--json out.json]
 *
 * The data is not in the repository (licence and size): the bench reads it from the cache folder
 * ($FORETELL_CACHE, default ~/.cache/foretell) as vic-elec-daily.csv and checks its SHA-256; docs/CALENDAR.md says
 * how to make the file. Protocol: horizon 14 days, origins every 14 days over the last `windows` × 14 days
 * (26 windows: the whole of 2014, every day once); each model is fitted once on the data before the first origin and
 * forecasts from every origin with those parameters (refit: false), the calendar as known at each origin.
 *
 * --smoke: synthetic daily data of the same shape, two windows, three models (a check that it runs; no R needed).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { calendarSpecSchema, MODEL_CATALOGUE, type ModelKind } from '@foretell/contracts';
import { evaluateModel, withCalendar } from '@foretell/forecasting';
import { intArg } from './args';
import { uniform } from './hourly-series';
import { fixed, machine, modelArgs, SMOKE_NEURAL_PARAMS, table } from './neural-common';

const FILE = 'vic-elec-daily.csv';
const SHA256 = 'a41d667eaac2867512a5edf8933e793958cab6f92ff48d2a1b6c23493edd24eb';
const H = 14;
const SEASON = 7;
/** Light neural settings so the bench fits in minutes on two cores; the same for both arms. */
const NEURAL: Record<string, unknown> = { epochs: 60, windowsPerEpoch: 512, batchSize: 64, inputSize: 56 };
const DEFAULT_PARAMS: Partial<Record<ModelKind, Record<string, unknown>>> = {
  nlinear: NEURAL,
  gru: { ...NEURAL, units: 32 },
};

function readDemand(): { start: Date; values: Float64Array } {
  const path = join(process.env.FORETELL_CACHE ?? join(homedir(), '.cache', 'foretell'), FILE);
  if (!existsSync(path)) {
    console.error(`${path} is missing: see docs/CALENDAR.md ("Reproducing") for how to make it.`);
    process.exit(1);
  }
  const text = readFileSync(path);
  const sum = createHash('sha256').update(text).digest('hex');
  if (sum !== SHA256) {
    console.error(`${path} has SHA-256 ${sum}, expected ${SHA256}: remake it as docs/CALENDAR.md says.`);
    process.exit(1);
  }
  const rows = text.toString('utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  return { start: new Date(`${rows[0][0]}T00:00:00Z`), values: Float64Array.from(rows, (r) => Number(r[1])) };
}

/**
 * Smoke runs' stand-in for vic_elec (which needs R to make): three years of daily demand from 2012 with a weekly
 * cycle, a yearly one, lower demand on AU-VIC public holidays' usual dates and noise. Shaped alike, not the same data.
 */
function syntheticDemand(): { start: Date; values: Float64Array } {
  const start = new Date(Date.UTC(2012, 0, 1));
  const u = uniform(3);
  const values = Float64Array.from({ length: 3 * 365 }, (_, t) => {
    const day = new Date(start.getTime() + t * 86_400_000);
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6 ? -12 : 0;
    const holiday = day.getUTCMonth() === 0 && day.getUTCDate() === 1 ? -20 : 0;
    return 200 + 25 * Math.cos((2 * Math.PI * t) / 365.25) + weekend + holiday + 5 * (u() - 0.5);
  });
  return { start, values };
}

const USAGE = `node -r @swc-node/register bench/calendar.ts [--models a,b] [--seeds 3] [--windows 26] [--params KIND=JSON]
                                             [--json out.json] [--smoke]`;

async function main() {
  const args = modelArgs(USAGE, ['seasonal_naive', 'auto_ets', 'auto_arima', 'calendar_regression', 'nlinear', 'gru'], {
    windows: { type: 'string', default: '26' },
  });
  if (args.smoke) {
    // Synthetic data (no vic_elec file needed), two windows, a model that reads the calendar and one that cannot.
    args.models = ['seasonal_naive', 'calendar_regression', 'nlinear'];
    args.params.nlinear = { ...NEURAL, ...SMOKE_NEURAL_PARAMS };
  }
  const windows = args.smoke ? 2 : intArg(args.values.windows, 'windows', 1);
  const { start, values } = args.smoke ? syntheticDemand() : readDemand();
  const spec = calendarSpecSchema.parse({ features: 'auto', holidays: 'AU-VIC' });
  const calendar = withCalendar(undefined, [{ start, frequency: { unit: 'day', step: 1 }, length: values.length, horizon: H }], spec);
  // The backtest reads the calendar over the data only (the forecast after the end is not scored).
  const covariates = calendar.covariates.map((c) => ({ past: [], future: c.future }));
  console.log(`vic_elec daily: ${values.length} days from ${start.toISOString().slice(0, 10)}; calendar ${calendar.used.columns.join(', ')}`);
  console.log(`AU-VIC public holidays in the data: ${calendar.used.holidaysInData}; ${windows} windows of ${H} days, step ${H}; ${machine()}`);

  const rows: (string | number)[][] = [];
  const results: Record<string, { without: number | null; with: number | null; seconds: number }> = {};
  for (const kind of args.models) {
    const params = args.params[kind] ?? DEFAULT_PARAMS[kind] ?? {};
    const { global } = MODEL_CATALOGUE[kind];
    const readsCovariates = MODEL_CATALOGUE[kind].covariates !== 'none';
    const seeds = global ? args.seeds : 1;
    const started = performance.now();
    const mean = async (withCalendar: boolean) => {
      if (withCalendar && !readsCovariates) return null;
      let total = 0;
      for (let seed = 1; seed <= seeds; seed++) {
        const evaluation = await evaluateModel({
          series: [values],
          covariates: withCalendar ? covariates : undefined,
          horizon: H,
          season: SEASON,
          backtest: { windows, step: H, refit: false },
          model: { kind, params },
          seed,
          levels: [80],
        });
        total += evaluation.metrics.mase ?? NaN;
      }
      return total / seeds;
    };
    const without = await mean(false);
    const withCal = await mean(true);
    const seconds = (performance.now() - started) / 1000;
    results[kind] = { without, with: withCal, seconds };
    const change = without !== null && withCal !== null ? `${fixed((100 * (withCal - without)) / without, 1)}%` : '—';
    rows.push([kind, seeds, fixed(without ?? NaN, 3), withCal === null ? '(cannot read it)' : fixed(withCal, 3), change, fixed(seconds, 0)]);
    console.log(`${kind}: done in ${fixed(seconds, 0)} s`);
  }
  console.log(table(['model', 'seeds', 'MASE without', 'MASE with calendar', 'change', 'seconds'], rows));
  const best = (pick: (r: { without: number | null; with: number | null }) => number | null) =>
    Object.entries(results)
      .map(([kind, r]) => [kind, pick(r)] as const)
      .filter((e): e is readonly [string, number] => e[1] !== null && Number.isFinite(e[1]))
      .sort((a, b) => a[1] - b[1])[0];
  const bestWithout = best((r) => r.without);
  const bestWith = best((r) => r.with ?? r.without);
  console.log(`best without the calendar: ${bestWithout?.[0]} ${fixed(bestWithout?.[1] ?? NaN, 3)}; best with it: ${bestWith?.[0]} ${fixed(bestWith?.[1] ?? NaN, 3)}`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ windows, horizon: H, seeds: args.seeds, results }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
