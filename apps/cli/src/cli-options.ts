import { parseArgs } from 'node:util';
import {
  calendarSpecSchema,
  MODEL_KINDS,
  MODEL_PRESET_NAMES,
  MODEL_PRESETS,
  PRESET_BUDGET_POINTS,
  PRESET_ENSEMBLES,
  metricNameSchema,
  modelKindSchema,
  type CalendarSpec,
  type ColumnMapping,
  type MetricName,
  type ModelKind,
  type ModelPresetName,
} from '@foretell/contracts';
import { FILL_STRATEGIES, type BacktestPlan, type FillStrategy } from '@foretell/forecasting';
import { timestampOptionProblems } from '@foretell/ingest';
import { aggregationMapping } from './aggregation-options';

export const HELP = `Usage: npm run forecast -- --input FILE --horizon H [options]

Backtests forecasting models on a CSV file and forecasts H steps past the end of every series. No servers needed.

Required:
  --input FILE          CSV file or Excel workbook (.xlsx): long (series id, timestamp, value) or wide (timestamp +
                        one column per series)
  --horizon H           steps to forecast

Models and evaluation:
  --models a,b,...      model kinds (default: every registered single-series model); known kinds:
                        ${MODEL_KINDS.join(', ')}
  --preset NAME         a named model set instead of --models: ${MODEL_PRESET_NAMES.map((n) => `${n} (${[...MODEL_PRESETS[n].map((m) => m.kind), ...PRESET_ENSEMBLES[n].map((e) => `${e.method}:${e.top}`)].join(', ')})`).join('; ')};
                        recommended leaves out the slower deep models beyond ${PRESET_BUDGET_POINTS.all.toLocaleString('en')} points, all but NLinear and DLinear beyond ${PRESET_BUDGET_POINTS.fast.toLocaleString('en')}
  --params KIND=JSON    hyperparameters of one model kind, e.g. --params 'theta={"seasonality":"never"}' (repeatable)
  --season M            seasonal period (default: from the detected frequency, e.g. 24 hourly, 12 monthly); without
                        it, each series is also tested for the frequency's other periods (hourly 24 and 168, daily
                        7 and 365), which mstl, seasonal_naive, auto_ets and auto_arima use
  --windows N           rolling-origin backtest windows (default 1)
  --step S              points between backtest origins (default: the horizon)
  --test-range A:B[:S]  instead of rolling windows, forecast from every S-th origin (default 1) whose horizon lies in
                        points [A, B) (0-based indices from the start of each series)
  --train-end T         with --test-range and --no-refit: fit on points [0, T) (default A)
  --no-refit            fit once at the first origin, then only forecast from later ones (models that support it)
  --levels 80,95        prediction interval levels in percent (default 80,95)
  --ensemble SPEC       add an ensemble: mean:K or median:K of the K best models by backtest error (repeatable)
  --rank-by METRIC      leaderboard metric: smape, mase, mae or rmse (default mase)
  --fill STRATEGY       missing values: linear, forward, zero or mean (default linear)
  --seed N              random seed (default 0)

Reading the CSV (detected when omitted):
  --layout long|wide    --timestamp COL    --id COL    --value COL    --columns A,B (wide: series to keep)
  --duplicates POLICY   rows of a series at the same timestamp: refuse (default), sum, mean, first or last
  --resample FREQ:AGG   aggregate every row of a period to a coarser frequency, e.g. 1d:sum (transactions to daily
                        totals), 1w:mean, 1mo:sum, 1h:mean (units s, min, h, d, w, mo, q, y)
  --sheet NAME          the sheet of an .xlsx workbook to read (default: the first)
  --date-order dmy|mdy  dates such as 01/02/2016: day first or month first (detected when a day above 12 decides)
  --timestamp-format F  a Luxon pattern for other forms, e.g. 'dd/MM/yyyy HH:mm' or 'M/d/yyyy h:mm a'
  --timezone ZONE       IANA zone of times without an offset, e.g. Europe/Berlin (converted to UTC; default UTC)

Covariates (wide files; used by the models that can, the others run on the targets alone):
  --target A,B                the columns to forecast
  --past-covariates C,D       columns known up to each forecast origin (other sensors, loads)
  --future-covariates E       columns known in advance: the file must go on for H rows after the targets' last
                              value (target cells empty there) to give their values over the forecast

Calendar (future covariates built from the timestamps; read by the models that can: auto_arima, calendar_regression
and the neural models; the others run without it, and say so):
  --calendar auto|LIST  calendar features: auto (those that vary at the data's frequency) or a list of hour, weekday,
                        month (default auto when --holidays is given)
  --holidays REGION     public holidays of a country or region as date-holidays names them: DE, US-CA, AU-VIC

Submitting to a Foretell server instead (the file is uploaded; the run trains on the server's workers):
  --server URL          the API or the dashboard, e.g. http://127.0.0.1:3001
  --api-key KEY         a member API key of the workspace (ft_…; default: the FORETELL_API_KEY environment variable)
                        With --server: --models, --params, --season, --windows, --step, --levels, --calendar,
                        --holidays, the CSV columns and --out apply; the leaderboard ranks by MASE.

Output:
  --out DIR             output folder (default ./forecast-output): leaderboard.json, forecasts.csv, backtest.csv
  --help                this text
`;

/** Bad command-line usage: printed with a hint to --help, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface EnsembleSpec {
  combine: 'mean' | 'median';
  topK: number;
}

export interface CliOptions {
  input: string;
  horizon: number;
  /** From --models or --preset; null: every registered single-series model. */
  models: { kind: ModelKind; params: Record<string, unknown> }[] | null;
  /** --preset: its deep models are cut to the data's size once it is read (presetRun's time budget). */
  preset: ModelPresetName | null;
  params: Partial<Record<ModelKind, Record<string, unknown>>>;
  season: number | null;
  backtest: BacktestPlan;
  levels: number[];
  ensembles: EnsembleSpec[];
  rankBy: MetricName;
  fill: FillStrategy;
  seed: number;
  mapping: ColumnMapping;
  /** Target and covariate columns of a wide file; null without --target. */
  covariates: CovariateColumns | null;
  /** Calendar features (--calendar, --holidays); null without either. */
  calendar: CalendarSpec | null;
  out: string;
  /** Set with --server: submit to that server with the key instead of running the engine here. */
  remote: { server: string; apiKey: string } | null;
}

/** What the server does not take (its runs rank by MASE, with linear filling and seed 42, on rolling windows). */
const LOCAL_ONLY = ['test-range', 'train-end', 'no-refit', 'rank-by', 'fill', 'seed', 'target', 'past-covariates', 'future-covariates'];

export interface CovariateColumns {
  target: string[];
  past: string[];
  future: string[];
}

export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        input: { type: 'string' },
        horizon: { type: 'string' },
        models: { type: 'string' },
        preset: { type: 'string' },
        params: { type: 'string', multiple: true },
        season: { type: 'string' },
        windows: { type: 'string' },
        step: { type: 'string' },
        'test-range': { type: 'string' },
        'train-end': { type: 'string' },
        'no-refit': { type: 'boolean' },
        levels: { type: 'string' },
        ensemble: { type: 'string', multiple: true },
        'rank-by': { type: 'string' },
        fill: { type: 'string' },
        seed: { type: 'string' },
        layout: { type: 'string' },
        timestamp: { type: 'string' },
        id: { type: 'string' },
        value: { type: 'string' },
        columns: { type: 'string' },
        duplicates: { type: 'string' },
        resample: { type: 'string' },
        sheet: { type: 'string' },
        'date-order': { type: 'string' },
        'timestamp-format': { type: 'string' },
        timezone: { type: 'string' },
        target: { type: 'string' },
        'past-covariates': { type: 'string' },
        'future-covariates': { type: 'string' },
        calendar: { type: 'string' },
        holidays: { type: 'string' },
        out: { type: 'string' },
        server: { type: 'string' },
        'api-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (!v.input) throw new UsageError('--input FILE is required');
  if (v.horizon === undefined) throw new UsageError('--horizon H is required');
  const horizon = integer('--horizon', v.horizon, 1);
  const remote = remoteOptions(v, env);

  const params: CliOptions['params'] = {};
  for (const entry of v.params ?? []) {
    const eq = entry.indexOf('=');
    if (eq < 0) throw new UsageError(`--params expects KIND=JSON, got "${entry}"`);
    const kind = modelKind(entry.slice(0, eq));
    try {
      const value: unknown = JSON.parse(entry.slice(eq + 1));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      params[kind] = value as Record<string, unknown>;
    } catch {
      throw new UsageError(`--params ${kind}: expected a JSON object such as {"seasonality":"never"}`);
    }
  }
  if (v.models && v.preset) throw new UsageError('give --preset or --models, not both');
  const models = v.models
    ? unique(list(v.models).map(modelKind)).map((kind) => ({ kind, params: params[kind] ?? {} }))
    : v.preset
      ? MODEL_PRESETS[preset(v.preset)].map((m) => ({ kind: m.kind, params: params[m.kind] ?? { ...m.params } }))
      : null;

  const refit = !v['no-refit'];
  let backtest: BacktestPlan;
  if (v['test-range']) {
    if (v.windows || v.step) throw new UsageError('--test-range replaces --windows and --step; give one or the other');
    const parts = v['test-range'].split(':');
    if (parts.length < 2 || parts.length > 3) throw new UsageError(`--test-range expects A:B or A:B:STRIDE, got "${v['test-range']}"`);
    const testStart = integer('--test-range start', parts[0], 1);
    const testEnd = integer('--test-range end', parts[1], testStart + horizon);
    const stride = parts[2] === undefined ? 1 : integer('--test-range stride', parts[2], 1);
    const trainEnd = v['train-end'] === undefined ? undefined : integer('--train-end', v['train-end'], 1);
    if (trainEnd !== undefined && trainEnd > testStart) throw new UsageError('--train-end must not be after the test range start');
    backtest = { testStart, testEnd, stride, trainEnd, refit };
  } else {
    if (v['train-end'] !== undefined) throw new UsageError('--train-end only applies with --test-range');
    backtest = {
      windows: v.windows === undefined ? 1 : integer('--windows', v.windows, 1),
      step: v.step === undefined ? horizon : integer('--step', v.step, 1),
      refit,
    };
  }

  const levels = v.levels === undefined ? [80, 95] : unique(list(v.levels).map((l) => level(l)));
  const presetEnsembles = v.preset ? PRESET_ENSEMBLES[preset(v.preset)].map((e) => ({ combine: e.method, topK: e.top })) : [];
  const ensembles = [...presetEnsembles, ...(v.ensemble ?? []).map(ensembleSpec)];
  const rankBy = v['rank-by'] ?? 'mase';
  if (!metricNameSchema.safeParse(rankBy).success) {
    throw new UsageError(`--rank-by must be one of ${metricNameSchema.options.join(', ')}, got "${rankBy}"`);
  }
  const fill = v.fill ?? 'linear';
  if (!(FILL_STRATEGIES as readonly string[]).includes(fill)) {
    throw new UsageError(`--fill must be one of ${FILL_STRATEGIES.join(', ')}, got "${fill}"`);
  }
  if (v.layout !== undefined && v.layout !== 'long' && v.layout !== 'wide') {
    throw new UsageError(`--layout must be long or wide, got "${v.layout}"`);
  }
  const dateOrder = v['date-order'];
  if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy') {
    throw new UsageError(`--date-order must be dmy (day first) or mdy (month first), got "${dateOrder}"`);
  }
  const covariates = covariateColumns(v);
  const mapping: ColumnMapping = {
    dateOrder,
    timestampFormat: v['timestamp-format'],
    timezone: v.timezone,
    layout: (covariates ? 'wide' : v.layout) as ColumnMapping['layout'],
    timestamp: v.timestamp,
    seriesId: v.id,
    value: v.value,
    columns: covariates
      ? [...covariates.target, ...covariates.past, ...covariates.future]
      : v.columns === undefined
        ? undefined
        : list(v.columns),
    ...aggregationMapping(v),
  };
  const [problem] = timestampOptionProblems(mapping);
  if (problem) throw new UsageError(`--${problem.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${problem.message}`);
  return {
    input: v.input,
    horizon,
    models,
    preset: v.preset ? preset(v.preset) : null,
    params,
    season: v.season === undefined ? null : integer('--season', v.season, 1),
    backtest,
    levels,
    ensembles,
    rankBy: rankBy as MetricName,
    fill: fill as FillStrategy,
    seed: v.seed === undefined ? 0 : integer('--seed', v.seed, 0),
    mapping: Object.fromEntries(Object.entries(mapping).filter(([, value]) => value !== undefined)),
    covariates,
    calendar: calendarOption(v),
    out: v.out ?? 'forecast-output',
    remote,
  };
}

function remoteOptions(v: Record<string, string | boolean | string[] | undefined>, env: NodeJS.ProcessEnv): CliOptions['remote'] {
  const apiKey = typeof v['api-key'] === 'string' ? v['api-key'] : env.FORETELL_API_KEY;
  if (typeof v.server !== 'string') {
    if (v['api-key'] !== undefined) throw new UsageError('--api-key goes with --server URL');
    return null;
  }
  if (!/^https?:\/\/[^/]/.test(v.server)) throw new UsageError(`--server must be an http(s) URL, got "${v.server}"`);
  if (!apiKey) throw new UsageError('--server needs an API key: --api-key KEY or the FORETELL_API_KEY environment variable');
  const local = LOCAL_ONLY.filter((name) => v[name] !== undefined);
  if (local.length) throw new UsageError(`${local.map((n) => `--${n}`).join(', ')} only apply without --server`);
  return { server: v.server, apiKey };
}

/** --target and the covariate columns: wide files only, each column in one role. */
function covariateColumns(v: Record<string, string | boolean | string[] | undefined>): CovariateColumns | null {
  const past = typeof v['past-covariates'] === 'string' ? list(v['past-covariates']) : [];
  const future = typeof v['future-covariates'] === 'string' ? list(v['future-covariates']) : [];
  if (typeof v.target !== 'string') {
    if (past.length + future.length > 0) throw new UsageError('--past-covariates and --future-covariates need --target');
    return null;
  }
  const target = list(v.target);
  if (target.length === 0) throw new UsageError('--target needs at least one column');
  if (v.columns !== undefined) throw new UsageError('--target replaces --columns; give one or the other');
  if (v.layout === 'long' || v.id !== undefined || v.value !== undefined) {
    throw new UsageError('--target and covariates apply to wide files (one column per series)');
  }
  const all = [...target, ...past, ...future];
  const twice = all.find((c, i) => all.indexOf(c) !== i);
  if (twice !== undefined) throw new UsageError(`column "${twice}" is given twice among --target and the covariates`);
  return { target, past, future };
}

/** --calendar and --holidays, checked as the API checks a run's calendar. */
function calendarOption(v: Record<string, string | boolean | string[] | undefined>): CalendarSpec | null {
  const features = typeof v.calendar === 'string' ? v.calendar.trim() : undefined;
  const holidays = typeof v.holidays === 'string' ? v.holidays : undefined;
  if (features === undefined && holidays === undefined) return null;
  const parsed = calendarSpecSchema.safeParse({
    features: features === undefined || features === 'auto' ? 'auto' : list(features),
    ...(holidays !== undefined && { holidays }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const option = issue.path[0] === 'holidays' ? '--holidays' : '--calendar';
    const hint = option === '--calendar' ? ' (auto, or a list of hour, weekday, month)' : '';
    throw new UsageError(`${option}: ${issue.message}${hint}`);
  }
  return parsed.data;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function integer(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${name} must be an integer ≥ ${min}, got "${text}"`);
  }
  return n;
}

function level(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n < 100)) throw new UsageError(`--levels must be percentages between 0 and 100, got "${text}"`);
  return n;
}

function modelKind(text: string): ModelKind {
  const parsed = modelKindSchema.safeParse(text.trim());
  if (!parsed.success) throw new UsageError(`unknown model "${text}"; known models: ${MODEL_KINDS.join(', ')}`);
  return parsed.data;
}

function preset(text: string): ModelPresetName {
  const name = text.trim();
  if (!(MODEL_PRESET_NAMES as string[]).includes(name)) {
    throw new UsageError(`unknown preset "${text}"; known presets: ${MODEL_PRESET_NAMES.join(', ')}`);
  }
  return name as ModelPresetName;
}

function ensembleSpec(text: string): EnsembleSpec {
  const match = /^(mean|median):(\d+)$/.exec(text.trim());
  if (!match || Number(match[2]) < 1) throw new UsageError(`--ensemble expects mean:K or median:K (K ≥ 1), got "${text}"`);
  return { combine: match[1] as 'mean' | 'median', topK: Number(match[2]) };
}
