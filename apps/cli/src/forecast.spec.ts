import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const DATASETS = resolve(ROOT, '../shared/datasets');

function forecast(args: string[]) {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

// The source series, read independently of the CLI's parser: "1949-01",112
const airline = readFileSync(join(DATASETS, 'airline-passengers.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => Number(l.split(',')[1]));

describe('npm run forecast', () => {
  it('backtests, ranks and forecasts the airline series', () => {
    const out = mkdtempSync(join(tmpdir(), 'forecast-'));
    const run = forecast([
      '--input', join(DATASETS, 'airline-passengers.csv'),
      '--horizon', '12', '--models', 'naive,seasonal_naive,drift', '--windows', '3', '--ensemble', 'mean:2', '--out', out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/1 series, 144 points/);
    // Progress names the fit: each backtest window, then the final fit on the whole series.
    expect(run.stderr).toMatch(/seasonal_naive backtest window 1 of 3 25%/);
    expect(run.stderr).toMatch(/seasonal_naive final fit 100%/);

    const board = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8'));
    expect(board.season).toBe(12);
    expect(board.models.map((m: { model: string }) => m.model)).toHaveLength(4);
    // Monthly airline traffic is strongly seasonal: seasonal naive beats naive, and the list is sorted by rank.
    expect(board.models[0].model).toBe('seasonal_naive');
    expect(board.models.map((m: { rank: number }) => m.rank)).toEqual([1, 2, 3, 4]);
    expect(board.models[0].fitSeconds).toBeGreaterThanOrEqual(0);
    expect(board.models.find((m: { model: string }) => m.model === 'ensemble_mean_top2').members).toEqual(['seasonal_naive', 'drift']);

    const forecasts = readCsv(join(out, 'forecasts.csv'));
    expect(Object.keys(forecasts[0])).toEqual(['unique_id', 'ds', 'model', 'yhat', 'lo_80', 'hi_80', 'lo_95', 'hi_95']);
    expect(forecasts).toHaveLength(4 * 12);
    const snaive = forecasts.filter((r) => r.model === 'seasonal_naive');
    expect(snaive.map((r) => r.ds)).toEqual(Array.from({ length: 12 }, (_, k) => `1961-${String(k + 1).padStart(2, '0')}-01`));
    expect(snaive.map((r) => Number(r.yhat))).toEqual(airline.slice(-12));
    for (const r of forecasts) {
      expect(Number(r.lo_95)).toBeLessThanOrEqual(Number(r.lo_80));
      expect(Number(r.lo_80)).toBeLessThanOrEqual(Number(r.yhat));
      expect(Number(r.hi_80)).toBeLessThanOrEqual(Number(r.hi_95));
    }

    const backtest = readCsv(join(out, 'backtest.csv'));
    expect(Object.keys(backtest[0])).toEqual(['unique_id', 'cutoff', 'ds', 'model', 'y', 'yhat']);
    expect(backtest).toHaveLength(4 * 3 * 12);
    const naive = backtest.filter((r) => r.model === 'naive');
    expect([...new Set(naive.map((r) => r.cutoff))]).toEqual(['1957-12-01', '1958-12-01', '1959-12-01']);
    // y is the source value at ds; the naive forecast is the value at the cutoff.
    const index = (ds: string) => (Number(ds.slice(0, 4)) - 1949) * 12 + Number(ds.slice(5, 7)) - 1;
    for (const r of naive) {
      expect(Number(r.y)).toBe(airline[index(r.ds)]);
      expect(Number(r.yhat)).toBe(airline[index(r.cutoff)]);
    }
  });

  it('evaluates a fixed test range without refitting (ETTh2 OT)', () => {
    const out = mkdtempSync(join(tmpdir(), 'forecast-'));
    const run = forecast([
      '--input', join(DATASETS, 'ETTh2.csv'), '--columns', 'OT', '--horizon', '24', '--season', '24',
      '--test-range', '11520:11620:10', '--train-end', '8640', '--no-refit', '--models', 'seasonal_naive', '--out', out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const backtest = readCsv(join(out, 'backtest.csv'));
    // Origins 11520, 11530, …, 11590 (the last whose 24 hours end inside the range): 8 windows of 24.
    expect(backtest).toHaveLength(8 * 24);
    expect(backtest[0].ds).toBe('2017-10-24 00:00:00'); // 11520 hours after 2016-07-01 00:00
    expect(backtest[0].cutoff).toBe('2017-10-23 23:00:00');
    const board = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8'));
    expect(board.backtest).toEqual({ testStart: 11520, testEnd: 11620, stride: 10, trainEnd: 8640, refit: false });
  });

  it('forecasts a target column with past and future covariate columns of a wide file', () => {
    // ETTh2's first 600 hours: OT (empty in the last 24 rows), HUFL as a past covariate, the hour of day as a future
    // one, known over those 24 rows.
    const dir = mkdtempSync(join(tmpdir(), 'forecast-'));
    const rows = readFileSync(join(DATASETS, 'ETTh2.csv'), 'utf8').split('\n').slice(1, 601);
    const lines = rows.map((l, i) => {
      const f = l.split(',');
      return `${f[0]},${f[1]},${Number(f[0].slice(11, 13))},${i < 576 ? f[7] : ''}`;
    });
    writeFileSync(join(dir, 'wide.csv'), ['date,HUFL,hour,OT', ...lines].join('\n') + '\n');
    const run = forecast([
      '--input', join(dir, 'wide.csv'), '--target', 'OT', '--past-covariates', 'HUFL', '--future-covariates', 'hour',
      '--horizon', '24', '--windows', '2', '--models', 'naive,nlinear', '--params', 'nlinear={"epochs":2}', '--out', dir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/1 series, 576 points/);
    expect(run.stderr).toMatch(/covariates: past HUFL; future hour/);
    const board = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8'));
    expect(board.columns).toEqual({ target: ['OT'], past: ['HUFL'], future: ['hour'] });
    const byModel = Object.fromEntries(board.models.map((m: { model: string }) => [m.model, m]));
    expect(byModel.naive.warnings).toContain('naive cannot use covariates: it ran on the target alone');
    // No covariate warning; two epochs do not beat seasonal naive, and the row says so.
    expect(byModel.nlinear.warnings).toEqual([expect.stringMatching(/^worse than seasonal naive on the backtest \(MASE /)]);
    expect(byModel.nlinear.metrics.mase).toBeGreaterThan(0);
    // The forecast covers the 24 rows where OT is empty and the covariates are known.
    const forecasts = readCsv(join(dir, 'forecasts.csv')).filter((r) => r.model === 'nlinear');
    expect(forecasts.map((r) => r.ds)).toEqual(lines.slice(576).map((l) => l.split(',')[0]));
    expect(forecasts.every((r) => Number.isFinite(Number(r.yhat)))).toBe(true);
  });

  it('needs H rows after the target for future covariates', () => {
    const out = mkdtempSync(join(tmpdir(), 'forecast-'));
    const run = forecast([
      '--input', join(DATASETS, 'ETTh2.csv'), '--target', 'OT', '--future-covariates', 'HUFL', '--horizon', '24',
      '--models', 'nlinear', '--out', out,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/need 24 rows after the last value of "OT".*the file has 0/);
  });

  it('runs the recommended preset, deep models and its ensemble included, auto_intermittent left out on smooth data', () => {
    const out = mkdtempSync(join(tmpdir(), 'forecast-'));
    // One epoch each keeps the deep models quick here: the preset's contents are under test, not their accuracy.
    const quick = ['nlinear', 'dlinear', 'lstm', 'gru', 'transformer', 'rnn_attention'].flatMap((kind) => ['--params', `${kind}={"epochs":1}`]);
    const run = forecast(['--input', join(DATASETS, 'airline-passengers.csv'), '--horizon', '12', '--preset', 'recommended', ...quick, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const board = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8'));
    expect(board.models.map((m: { model: string }) => m.model).sort()).toEqual([
      'auto_ets', 'damped', 'dlinear', 'ensemble_mean_top5', 'gru', 'lstm', 'nlinear', 'rnn_attention', 'seasonal_naive', 'theta', 'transformer',
    ]);
    expect(run.stderr + run.stdout).toMatch(/recommended: left out for this data .*: auto_intermittent/);
    expect(board.models.find((m: { model: string }) => m.model === 'ensemble_mean_top5').members).toHaveLength(5);
    // Each deep model's resolved settings are on its row (its params hold only what was asked: one epoch).
    const settingsOf = (model: string) => board.models.find((m: { model: string }) => m.model === model).settings;
    expect(settingsOf('gru')).toMatchObject({ highway: true, valueScale: 'both', inputSize: expect.any(Number), epochs: 1 });
    expect(settingsOf('transformer')).toMatchObject({ highway: false, patches: expect.any(Number) });
    expect(settingsOf('theta')).toBeUndefined();
  });

  it('builds calendar and holiday features for the models that read them (--calendar, --holidays)', () => {
    // 400 days from 2023-01-02: weekends low, German public holidays lower still.
    const dir = mkdtempSync(join(tmpdir(), 'forecast-'));
    const holidays = new Set(['2023-04-07', '2023-04-10', '2023-05-01', '2023-05-18', '2023-05-29', '2023-10-03', '2023-12-25', '2023-12-26', '2024-01-01']);
    const lines = Array.from({ length: 400 }, (_, k) => {
      const day = new Date(Date.UTC(2023, 0, 2 + k));
      const date = day.toISOString().slice(0, 10);
      const value = (day.getUTCDay() % 6 === 0 ? 60 : 100) * (holidays.has(date) ? 0.5 : 1) + (k % 5);
      return `${date},${value}`;
    });
    writeFileSync(join(dir, 'daily.csv'), ['date,demand', ...lines].join('\n') + '\n');
    const run = forecast([
      '--input', join(dir, 'daily.csv'), '--horizon', '14', '--windows', '8', '--step', '7', '--calendar', 'weekday,hour',
      '--holidays', 'de', '--models', 'seasonal_naive,calendar_regression', '--out', dir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/calendar: weekday:tue, .*weekday:sun, holiday; DE holidays: 9 in the data, 0 in the horizon; left out \(constant at this frequency\): hour/);
    const board = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8'));
    expect(board.calendar).toMatchObject({ features: ['weekday'], skipped: ['hour'], holidays: 'DE', holidaysInData: 9 });
    const byModel = Object.fromEntries(board.models.map((m: { model: string }) => [m.model, m]));
    expect(byModel.seasonal_naive.warnings).toContain('seasonal_naive cannot use the calendar: it ran without it');
    expect(byModel.calendar_regression.warnings).toEqual([]);
    // Windows over Christmas and New Year: the calendar is worth it.
    expect(byModel.calendar_regression.metrics.mase).toBeLessThan(byModel.seasonal_naive.metrics.mase);

    const bad = forecast(['--input', join(dir, 'daily.csv'), '--horizon', '14', '--holidays', 'XX', '--out', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--holidays: unknown country "XX"; use one of date-holidays' country codes: .*\bDE\b/);
  });

  it('tests the daily and weekly periods of hourly data and reports what each series shows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-'));
    const start = Date.UTC(2024, 0, 1);
    // Two series with a daily cycle, the first with a weekday/weekend step too.
    const value = (series: number, t: number) =>
      100 + 10 * Math.sin((2 * Math.PI * t) / 24) + (series === 0 && Math.floor(t / 24) % 7 >= 5 ? -8 : 0) + ((t * 7919) % 13) / 13;
    const rows = Array.from({ length: 840 }, (_, t) => `${new Date(start + t * 3_600_000).toISOString()},${value(0, t)},${value(1, t)}`);
    writeFileSync(join(dir, 'hourly.csv'), ['timestamp,a,b', ...rows].join('\n') + '\n');
    const run = forecast(['--input', join(dir, 'hourly.csv'), '--horizon', '24', '--models', 'seasonal_naive,mstl', '--out', dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/seasonal periods: 24 \(2 of 2 series\), 168 \(1 of 2 series\)/);
    const board = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8'));
    expect(board.seasonalities).toEqual([
      { period: 24, series: 2 },
      { period: 168, series: 1 },
    ]);
    expect(board.models.map((m: { model: string }) => m.model).sort()).toEqual(['mstl', 'seasonal_naive']);
  });

  it('prints help', () => {
    const run = forecast(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: npm run forecast -- --input FILE --horizon H/);
  });

  it.each([
    [['--input', 'x.csv'], /--horizon H is required/],
    [['--input', '/no/such.csv', '--horizon', '3'], /cannot read \/no\/such\.csv/],
    [['--input', join(DATASETS, 'airline-passengers.csv'), '--horizon', '3', '--models', 'prophet'], /unknown model "prophet"/],
    [['--input', join(DATASETS, 'airline-passengers.csv'), '--horizon', 'x'], /--horizon must be an integer/],
    [['--input', join(DATASETS, 'airline-passengers.csv'), '--horizon', '3', '--levels', '80,120'], /--levels/],
    [['--input', 'x.csv', '--horizon', '3', '--preset', 'best'], /unknown preset "best"; known presets: baselines, deep, recommended/],
    [['--input', 'x.csv', '--horizon', '3', '--preset', 'recommended', '--models', 'naive'], /--preset or --models, not both/],
    [['--input', 'x.csv', '--horizon', '3', '--past-covariates', 'HUFL'], /need --target/],
    [['--input', 'x.csv', '--horizon', '3', '--target', 'OT', '--columns', 'OT'], /--target replaces --columns/],
    [['--input', 'x.csv', '--horizon', '3', '--target', 'OT', '--past-covariates', 'OT'], /"OT" is given twice/],
    [['--input', 'x.csv', '--horizon', '3', '--date-order', 'ymd'], /--date-order must be dmy \(day first\) or mdy/],
    [['--input', 'x.csv', '--horizon', '3', '--timezone', 'Berlin'], /--timezone: "Berlin" is not an IANA time zone/],
    [['--input', 'x.csv', '--horizon', '3', '--timestamp-format', 'dd/MM HH:mm'], /--timestamp-format: "dd\/MM HH:mm" has no year/],
    [['--input', 'x.csv', '--horizon', '3', '--models', 'theta', '--params', 'lstm={"units":-1}'], /--params lstm: not among the models this command runs \(theta\); add it to the models/],
    [['--input', 'x.csv', '--horizon', '3', '--preset', 'baselines', '--params', 'gru={"epochs":1}'], /--params gru: not among the models this command runs/],
    [['--input', 'x.csv', '--horizon', '3', '--params', 'lstm={"epochs":1}'], /--params lstm: .*name it with --models \(deep models run only when named\)/],
  ])('rejects bad usage %j with exit code 2', (args, message) => {
    const run = forecast(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('reads day-first dates once --date-order says which, and says how when it is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-'));
    const file = join(dir, 'day-first.csv');
    const rows = Array.from({ length: 12 }, (_, i) => `H1;${String(i + 1).padStart(2, '0')}/02/2016 20:00;${10 + (i % 3)},5`);
    writeFileSync(file, `store;time;sales\n${rows.join('\n')}\n`);
    const refused = forecast(['--input', file, '--horizon', '2', '--models', 'naive', '--out', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--date-order on the command line/);
    const run = forecast(['--input', file, '--horizon', '2', '--models', 'naive', '--date-order', 'dmy', '--out', dir]);
    expect(run.code, run.stderr).toBe(0);
    const forecasts = readCsv(join(dir, 'forecasts.csv'));
    expect(forecasts.map((r) => r.ds)).toEqual(['2016-02-13 20:00:00', '2016-02-14 20:00:00']);
  });

  it('names the row of a bad value in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-'));
    const file = join(dir, 'broken.csv');
    writeFileSync(file, '"Month","Passengers"\n"1949-01",112\n"1949-02",abc\n"1949-03",132\n');
    const run = forecast(['--input', file, '--horizon', '2', '--out', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/row 3/i);
    expect(run.stderr).toMatch(/abc/);
  });

  it('says which series a model cannot fit by its key, and still ranks the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-'));
    const file = join(dir, 'spread.csv');
    const months = Array.from({ length: 30 }, (_, t) => new Date(Date.UTC(2020, t, 1)).toISOString().slice(0, 7));
    // North trends, so its MASE has a scale at the monthly season (a period-4 pattern alone repeats at lag 12: no
    // scale, no MASE); naive's rank came from south's MASE of 1.8e-299 before south was left out of the metrics.
    writeFileSync(file, ['month,north,south', ...months.map((m, t) => `${m},${10 + (t % 4) + t / 10},${t === 5 ? '1e300' : 1 + (t % 4)}`)].join('\n') + '\n');
    const run = forecast(['--input', file, '--horizon', '3', '--models', 'naive,ses', '--windows', '1', '--out', dir]);
    expect(run.stderr).toMatch(/ses: failed: model "ses" cannot be fitted to series "south": .*rescale the data/);
    const board = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8'));
    const naive = board.models.find((m: { model: string }) => m.model === 'naive');
    expect(naive.rank).toBe(1);
    expect(naive.warnings).toContainEqual(expect.stringMatching(/^1 series left out of the metrics: its values are too large/));
  });
});

