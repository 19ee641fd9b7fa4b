import type { ColumnMapping, CsvProblem, DatasetProfile, Frequency } from '@foretell/contracts';
import { MS_PER_DAY } from './calendar';
import { mergeRows, type RowSeries } from './duplicate-policy';
import { finerTargetMessage, partialPeriodWarning, periodStart } from './resample';
import { detectDatasetFrequency, describeFrequency, GridIndexer } from './frequency-grid';
import { demandClassCounts, gappiestSeries, seriesStats } from './dataset-profile';
import type { ColumnPlan } from './layout-detector';
import { pointsLimitHint, quote, where, type ProblemList } from './problems';
import type { CollectedRows } from './row-collector';
import { MAPPING_ADVICE, type IngestAdvice } from './advice';

export interface ParsedSeries {
  key: string;
  /** Timestamp of values[0]; the rest follow on the dataset's frequency grid (see `gridTimestamps`). */
  start: Date;
  /** One value per grid step from the first to the last timestamp; NaN where missing. */
  values: Float64Array;
  /** Empty or NA cells in the file. NaNs in `values` = missing + gaps. */
  missing: number;
  /** Grid steps with no row in the file. */
  gaps: number;
  /** Row (line) of the file holding the series' last timestamp: where a refusal of its span points. */
  lastRow: number;
}

export interface ParsedDataset {
  series: ParsedSeries[];
  frequency: Frequency;
  profile: DatasetProfile;
  /** Things worth knowing that do not stop the file being used (missing values, unused columns…). */
  warnings: CsvProblem[];
}

/** One series' rows before regularising; `timestamps` and `lines` may be shared by the series of a wide file. */
type RawSeries = RowSeries;

/** A grid longer than this many steps per row (and above GRID_FLOOR) means a stray timestamp, not sparse data. */
const GRID_SPARSITY = 100;
const GRID_FLOOR = 100_000;

/**
 * Whether a series of `rows` rows spanning `length` grid steps is mostly gaps: a stray timestamp (9999-12-31 in daily
 * data) would make millions of missing points that every read of the series then returns.
 */
export function isSparseGrid(length: number, rows: number): boolean {
  return length > GRID_FLOOR && length > GRID_SPARSITY * rows;
}

/** The limit isSparseGrid applies, for the messages that refuse a series over it. */
export const SPARSE_GRID_LIMIT = `a series longer than ${GRID_FLOOR} steps may have at most ${GRID_SPARSITY} steps per row`;
/** Off-grid timestamps listed per series before summarising. */
const OFF_GRID_LISTED = 3;

/** "2016-07-01" at midnight, else "2016-07-01 13:00:00 UTC". */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (ms % MS_PER_DAY === 0) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.endsWith('.000Z') ? iso.slice(11, 19) : iso.slice(11, 23)} UTC`;
}

/** Sorts rows by time (stable, so duplicates keep file order); returns the permutation or null if already sorted. */
function sortOrder(timestamps: Float64Array): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < timestamps.length; i++) {
    if (timestamps[i] < timestamps[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return null;
  const order = new Uint32Array(timestamps.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => timestamps[a] - timestamps[b] || a - b);
}

function permute<T extends Float64Array | Int32Array>(source: T, order: Uint32Array, width: number): T {
  const out = new (source.constructor as new (n: number) => T)(source.length);
  for (let i = 0; i < order.length; i++) {
    const from = order[i] * width;
    for (let j = 0; j < width; j++) out[i * width + j] = source[from + j];
  }
  return out;
}

/** The rows' columns ordered by series (a counting sort on `counts`, the series' first rows), each in file order. */
function groupBySeries(rows: CollectedRows, index: Int32Array, counts: Int32Array) {
  const timestamps = new Float64Array(rows.count);
  const lines = new Int32Array(rows.count);
  const values = new Float64Array(rows.count);
  const next = counts.slice(0, rows.keys.length);
  for (let i = 0; i < rows.count; i++) {
    const at = next[index[i]]++;
    timestamps[at] = rows.timestamps[i];
    lines[at] = rows.lines[i];
    values[at] = rows.values[i];
  }
  return { timestamps, lines, values };
}

/** Splits collected rows into time-sorted series. */
function splitSeries(rows: CollectedRows, plan: ColumnPlan): { series: RawSeries[]; unsorted: number } {
  let unsorted = 0;
  if (rows.seriesIndex === null && plan.layout === 'long') {
    const order = sortOrder(rows.timestamps);
    if (order) unsorted++;
    const take = <T extends Float64Array | Int32Array>(a: T) => (order ? permute(a, order, 1) : a);
    const series = [{ key: rows.keys[0], timestamps: take(rows.timestamps), lines: take(rows.lines), values: take(rows.values) }];
    return { series, unsorted };
  }
  if (plan.layout === 'wide') {
    const order = sortOrder(rows.timestamps);
    if (order) unsorted++;
    const timestamps = order ? permute(rows.timestamps, order, 1) : rows.timestamps;
    const lines = order ? permute(rows.lines, order, 1) : rows.lines;
    const table = order ? permute(rows.values, order, rows.width) : rows.values;
    const series = plan.values.map((column, j) => {
      const values = new Float64Array(rows.count);
      for (let i = 0; i < rows.count; i++) values[i] = table[i * rows.width + j];
      return { key: plan.header[column], timestamps, lines, values };
    });
    return { series, unsorted };
  }

  // Long file: a counting sort by series keeps each series' rows in file order.
  const index = rows.seriesIndex as Int32Array;
  const counts = new Int32Array(rows.keys.length + 1);
  let grouped = true;
  for (let i = 0; i < rows.count; i++) {
    counts[index[i] + 1]++;
    if (i > 0 && index[i] < index[i - 1]) grouped = false;
  }
  for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
  // A file whose rows come series by series (ids number in order of first sight, so grouped means non-decreasing)
  // is sorted already: its columns are used in place, not copied (20 bytes a row: 600 MB for 30 M rows).
  const { timestamps, lines, values } = grouped ? rows : groupBySeries(rows, index, counts);
  const series = rows.keys.map((key, k) => {
    const range = [counts[k], counts[k + 1]] as const;
    let s: RawSeries = {
      key,
      timestamps: timestamps.subarray(...range),
      lines: lines.subarray(...range),
      values: values.subarray(...range),
    };
    const order = sortOrder(s.timestamps);
    if (order) {
      unsorted++;
      s = { key, timestamps: permute(s.timestamps, order, 1), lines: permute(s.lines, order, 1), values: permute(s.values, order, 1) };
    }
    return s;
  });
  return { series, unsorted };
}

/**
 * Merges rows at the same timestamp by the mapping's duplicates policy, or every row of a period when it resamples
 * (refusing a finer frequency). Returns the rows folded into others (null when the mapping merges nothing), or null
 * after adding a problem.
 */
function aggregateRows(
  raw: RawSeries[],
  mapping: Pick<ColumnMapping, 'duplicates' | 'resample'>,
  problems: ProblemList,
  warnings: CsvProblem[],
  tsColumn: string,
): { series: RawSeries[]; merged: number | null } | null {
  const { resample, duplicates } = mapping;
  if (resample) {
    const distinct = [...new Set(raw.map((s) => s.timestamps))];
    const finer = finerTargetMessage(distinct, detectDatasetFrequency(distinct), resample.frequency);
    if (finer) {
      problems.add(null, tsColumn, finer);
      return null;
    }
    const keyOf = periodStart(resample.frequency);
    const partial = partialPeriodWarning(raw, keyOf, tsColumn);
    const result = mergeRows(raw, resample.aggregate, keyOf);
    warnings.push({
      row: null,
      column: tsColumn,
      message: `${where(null, tsColumn)}rows resampled to ${describeFrequency(resample.frequency)} by ${resample.aggregate}: ${result.merged} rows folded into the periods they fall in`,
    });
    if (partial) warnings.push(partial);
    return result;
  }
  if (!duplicates || duplicates === 'refuse') return { series: raw, merged: null };
  const result = mergeRows(raw, duplicates);
  if (result.merged > 0) {
    warnings.push({
      row: null,
      column: tsColumn,
      message: `${where(null, tsColumn)}${result.merged} rows at a timestamp their series already had were merged (duplicates: ${duplicates})`,
    });
  }
  return result;
}

/**
 * Turns collected rows into regular series and a profile, adding the problems found on the way. With `expected` (rows
 * appended to a dataset) the series are laid on that frequency instead of a detected one, and a timestamp off it is a
 * problem. The mapping's duplicates policy or resampling is applied first (see aggregateRows).
 */
export function buildDataset(
  rows: CollectedRows,
  plan: ColumnPlan,
  problems: ProblemList,
  warnings: CsvProblem[],
  expected?: Frequency,
  mapping: Pick<ColumnMapping, 'duplicates' | 'resample'> = {},
  maxPoints = Infinity,
  advice: IngestAdvice = MAPPING_ADVICE,
): ParsedDataset | null {
  const tsColumn = plan.header[plan.timestamp];
  const split = splitSeries(rows, plan);
  const unsorted = split.unsorted;
  const aggregated = aggregateRows(split.series, mapping, problems, warnings, tsColumn);
  if (!aggregated) return null;
  const { series: raw, merged } = aggregated;
  const label = (s: RawSeries) => (plan.layout === 'long' && plan.seriesId !== null ? `series "${s.key}" ` : '');
  const idColumn = plan.seriesId !== null ? plan.header[plan.seriesId] : null;

  // Duplicates: one check per distinct timestamp array (a wide file's series share theirs).
  const checked = new Set<Float64Array>();
  for (const s of raw) {
    if (checked.has(s.timestamps)) continue;
    checked.add(s.timestamps);
    for (let i = 1; i < s.timestamps.length; i++) {
      if (s.timestamps[i] === s.timestamps[i - 1]) {
        const [a, b] = [s.lines[i - 1], s.lines[i]].sort((x, y) => x - y);
        problems.add(b, tsColumn, `${label(s)}has the timestamp ${formatInstant(s.timestamps[i])} twice (rows ${a} and ${b}); ${advice.duplicates}`);
      }
    }
  }

  for (const s of raw) {
    let points = 0;
    let firstLine: number | null = null;
    for (let i = 0; i < s.values.length; i++) {
      if (s.values[i] === s.values[i]) {
        points++;
        firstLine ??= s.lines[i];
      }
    }
    // Rows appended to a known grid may be a single new point per series; a new series needs two to have a grid.
    if (points < (expected ? 1 : 2)) {
      const what = idColumn === null ? 'this column' : `series "${s.key}"`;
      // Appended rows are not the series: it may hold many values already, this file brings none.
      const message = !expected
        ? `${what} has ${points === 0 ? 'no values' : 'only 1 value'}; a series needs at least 2`
        : idColumn === null
          ? 'this column holds no value in this file (every cell is empty or not a number); send at least one value for each series the file names'
          : `the rows of ${what} in this file hold no value (every one is empty or not a number); send at least one value for each series the file names`;
      problems.add(firstLine ?? s.lines[0] ?? null, idColumn ?? s.key, message);
    }
  }

  const distinct = [...new Set(raw.map((s) => s.timestamps))];
  // Resampled periods are on the target grid by construction; periods with no rows are gaps, not a coarser step.
  const detected = mapping.resample?.frequency ?? detectDatasetFrequency(distinct);
  const frequency = expected ?? detected;
  if (frequency === null) {
    if (problems.items.length === 0) {
      problems.add(
        null,
        tsColumn,
        'cannot work out the frequency: no two timestamps of a series are a whole number of seconds apart',
      );
    }
    return null;
  }

  // Grid positions, once per distinct timestamp array.
  const grids = new Map<Float64Array, { index: Float64Array; length: number } | null>();
  const before = problems.items.length;
  for (const s of raw) {
    if (grids.has(s.timestamps)) continue;
    grids.set(s.timestamps, gridPositions(s, frequency, problems, tsColumn, label(s)));
  }
  if (problems.items.length > before && expected && detected && !sameFrequency(detected, expected)) {
    // Said first: it explains the rows listed after it.
    const message =
      `the rows are ${describeFrequency(detected)} apart, but the dataset's series are every ${describeFrequency(expected)}; ` +
      'new rows must keep its frequency';
    problems.items.splice(before, 0, { row: null, column: tsColumn, message: where(null, tsColumn) + message });
  }
  if (problems.items.length > 0) return null;
  if (!withinPoints(raw, grids, frequency, maxPoints, problems, tsColumn, label)) return null;

  const series: ParsedSeries[] = raw.map((s) => {
    const grid = grids.get(s.timestamps) as { index: Float64Array; length: number };
    const values = new Float64Array(grid.length).fill(NaN);
    let missing = 0;
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (v !== v) missing++;
      values[grid.index[i]] = v;
    }
    // Every row filled a distinct grid point (duplicates were refused or merged), so the rest are gaps.
    return { key: s.key, start: new Date(s.timestamps[0]), values, missing, gaps: grid.length - s.values.length, lastRow: s.lines[s.lines.length - 1] };
  });

  if (unsorted > 0) {
    warnings.push({
      row: null,
      column: tsColumn,
      message:
        plan.layout === 'long' && plan.seriesId !== null
          ? `Rows of ${unsorted} series were not in time order; they were sorted`
          : 'Rows were not in time order; they were sorted',
    });
  }
  const described = profile(series, rows, plan, frequency);
  return { series, frequency, profile: merged === null ? described : { ...described, merged }, warnings };
}

/**
 * Whether the regularised series fit in `maxPoints` (UPLOAD_MAX_POINTS), checked before any is allocated: a few rows
 * with far-apart timestamps would otherwise become millions of gap points. Names the series that passes the limit.
 */
function withinPoints(
  raw: RawSeries[],
  grids: Map<Float64Array, { length: number } | null>,
  frequency: Frequency,
  maxPoints: number,
  problems: ProblemList,
  tsColumn: string,
  label: (s: RawSeries) => string,
): boolean {
  let total = 0;
  for (const s of raw) {
    const length = (grids.get(s.timestamps) as { length: number }).length;
    total += length;
    if (total <= maxPoints) continue;
    const n = s.timestamps.length;
    const what = label(s) || `series ${quote(s.key)} `;
    problems.add(
      s.lines[n - 1],
      tsColumn,
      `${what}spans ${length} steps of ${describeFrequency(frequency)} from ${formatInstant(s.timestamps[0])} (row ${s.lines[0]}) ` +
        `to ${formatInstant(s.timestamps[n - 1])}, and the file over ${maxPoints} points, ${pointsLimitHint()}`,
    );
    return false;
  }
  return true;
}

/** Step number of each row on the series' grid, reporting timestamps between grid points. */
function gridPositions(
  s: RawSeries,
  frequency: Frequency,
  problems: ProblemList,
  tsColumn: string,
  label: string,
): { index: Float64Array; length: number } | null {
  const n = s.timestamps.length;
  const grid = new GridIndexer(s.timestamps[0], frequency);
  const index = new Float64Array(n);
  let offGrid = 0;
  let length = 0;
  for (let i = 0; i < n; i++) {
    const k = grid.index(s.timestamps[i]);
    index[i] = k;
    if (k < 0) {
      if (offGrid++ < OFF_GRID_LISTED) {
        problems.add(
          s.lines[i],
          tsColumn,
          `${label}has ${formatInstant(s.timestamps[i])}, which is off the ${describeFrequency(frequency)} grid ` +
            `that starts at ${formatInstant(s.timestamps[0])} (row ${s.lines[0]})`,
        );
      }
    } else length = k + 1;
  }
  if (offGrid > OFF_GRID_LISTED) {
    problems.add(null, tsColumn, `${label}has ${offGrid - OFF_GRID_LISTED} more timestamps off the grid`);
  }
  if (offGrid > 0) return null;
  if (isSparseGrid(length, n)) {
    problems.add(
      s.lines[n - 1],
      tsColumn,
      `${label}spans ${length} steps of ${describeFrequency(frequency)} from ${formatInstant(s.timestamps[0])} ` +
        `(row ${s.lines[0]}) to ${formatInstant(s.timestamps[n - 1])} but has only ${n} rows (${SPARSE_GRID_LIMIT}); check these timestamps`,
    );
    return null;
  }
  return { index, length };
}

function profile(series: ParsedSeries[], rows: CollectedRows, plan: ColumnPlan, frequency: Frequency): DatasetProfile {
  const shapes = series.map((s) => ({ start: s.start, length: s.values.length, missing: s.missing + s.gaps }));
  return {
    layout: plan.layout,
    columns: {
      timestamp: plan.header[plan.timestamp],
      seriesId: plan.seriesId === null ? null : plan.header[plan.seriesId],
      values: plan.values.map((c) => plan.header[c]),
    },
    frequency,
    rows: rows.rows,
    ...seriesStats(shapes, frequency),
    gaps: series.reduce((n, s) => n + s.gaps, 0),
    gappiestSeries: gappiestSeries(series.map((s) => ({ id: s.key, gaps: s.gaps }))),
    demandClasses: demandClassCounts(series),
    ...(rows.dateOrder && { dateOrder: rows.dateOrder }),
  };
}

function sameFrequency(a: Frequency, b: Frequency): boolean {
  return a.unit === b.unit && a.step === b.step;
}
