import { stepTimestamp, type AppendSummary, type CsvProblem, type DatasetProfile, type Frequency } from '@foretell/contracts';
import { demandClassCounts, gappiestSeries, seriesStats } from './dataset-profile';
import { describeFrequency, GridIndexer } from './frequency-grid';
import { CsvIngestError, pointsLimitHint, where } from './problems';
import { MISSING_CELL, MORE_MISSING_CELLS } from './row-collector';
import { formatInstant, isSparseGrid, SPARSE_GRID_LIMIT, type ParsedDataset, type ParsedSeries } from './series-builder';

/** A series as stored: values on the dataset's grid from `start`, NaN where missing. */
export interface StoredSeries {
  key: string;
  start: Date;
  values: Float64Array;
}

export interface MergedSeries extends StoredSeries {
  /** What the append did to it: `null` when nothing (its stored row stays as it is). */
  change: 'updated' | 'added' | null;
}

export interface AppendResult {
  /** Every series: the stored ones in their order, then the new ones in the file's order. */
  series: MergedSeries[];
  summary: AppendSummary;
  /** The dataset's profile after the append (the stored one when nothing changed). */
  profile: DatasetProfile;
}

/** Examples of conflicts and skipped rows kept in the summary. */
const EXAMPLES = 5;
/** The widest gap an append may open after a series' end whatever its length (a longer series may open one as long). */
const APPEND_GAP_FLOOR = 10_000;

/**
 * Merges rows parsed from an appended file into a dataset's stored series, by series key. The policy:
 * - after a series' end: appended on its grid up to the file's last value for it (rows after that hold none and would
 *   only move the series' end, and its forecasts' dates, on); steps with no row become missing values (gaps);
 * - at a timestamp the series has: an overlap. The STORED value is kept — an append adds data, it never rewrites
 *   history — and the overlap is counted as identical or conflicting (with examples); a stored missing value is
 *   filled by the uploaded one instead. A missing cell in the file says nothing and is ignored;
 * - before a series' start: reported and skipped (the grid, and every run's backtest windows, start there);
 * - an unknown key: a new series — refused when it differs from a stored key only in case or spaces ("Store a" for
 *   "Store A": a typo would otherwise leave a new one-point series, and the series meant unextended).
 * Throws CsvIngestError when the file's frequency or grid is not the dataset's, or when the dataset would hold more
 * than `maxPoints` (UPLOAD_MAX_POINTS; checked before the longer series is allocated). Pure: the inputs are not modified.
 */
export function mergeAppend(profile: DatasetProfile, stored: readonly StoredSeries[], upload: ParsedDataset, maxPoints = Infinity): AppendResult {
  const frequency = profile.frequency;
  const tsColumn = profile.columns.timestamp;
  if (upload.frequency.unit !== frequency.unit || upload.frequency.step !== frequency.step) {
    const message =
      `the new rows are every ${describeFrequency(upload.frequency)}, but the dataset's series are every ` +
      `${describeFrequency(frequency)}; new rows must keep its frequency`;
    throw new CsvIngestError([{ row: null, column: tsColumn, message: where(null, tsColumn) + message }]);
  }
  const summary: AppendSummary = {
    rowsAdded: 0,
    seriesExtended: 0,
    seriesAdded: 0,
    gaps: 0,
    filled: 0,
    overlaps: { count: 0, identical: 0, conflicting: 0, examples: [] },
    beforeStart: { count: 0, examples: [] },
    changed: false,
  };
  const byKey = new Map(stored.map((s, i) => [s.key, i]));
  refuseNearKeys(stored, upload, profile.columns.seriesId);
  const merged: MergedSeries[] = stored.map((s) => ({ ...s, change: null }));
  const gapsAdded = new Map<string, number>();
  const points = { total: stored.reduce((n, s) => n + s.values.length, 0), max: maxPoints };

  for (const u of upload.series) {
    const at = byKey.get(u.key);
    if (at === undefined) {
      points.total += u.values.length;
      if (points.total > maxPoints) throw overPoints(u, u.values.length, u.start, frequency, maxPoints, tsColumn);
      merged.push({ key: u.key, start: u.start, values: u.values, change: 'added' });
      summary.seriesAdded++;
      summary.rowsAdded += countValues(u.values);
      summary.gaps += u.gaps;
      gapsAdded.set(u.key, u.gaps);
      continue;
    }
    const result = mergeOne(stored[at], u, frequency, summary, tsColumn, points);
    if (result) {
      merged[at] = { ...stored[at], values: result.values, change: 'updated' };
      if (result.gaps > 0) gapsAdded.set(u.key, result.gaps);
    }
  }
  summary.changed = merged.some((s) => s.change !== null);
  return { series: merged, summary, profile: summary.changed ? nextProfile(profile, merged, upload, gapsAdded) : profile };
}

/**
 * The parse's warnings as an append reads them: its cells without a value are summed up in one line, since an append
 * keeps them only between a series' new values ("kept as a missing value" cell by cell would be untrue elsewhere).
 */
export function appendWarnings(warnings: readonly CsvProblem[]): CsvProblem[] {
  const emptyCell = (w: CsvProblem) => w.message.endsWith(MISSING_CELL) || w.message.endsWith(MORE_MISSING_CELLS);
  const rest = warnings.filter((w) => !emptyCell(w));
  if (rest.length === warnings.length) return [...warnings];
  const message =
    "Cells without a value: kept as missing values where they fall between a series' new values; ignored where the " +
    'series already has that timestamp and after its last new value';
  return [...rest, { row: null, column: null, message }];
}

/** Folds case and runs of spaces: the keys a person would read as the same. */
const looseKey = (key: string) => key.toLowerCase().replace(/\s+/g, ' ').trim();

/** Throws when a new key of the file is a stored one but for case or spaces (wide files: the column; long: the id). */
function refuseNearKeys(stored: readonly StoredSeries[], upload: ParsedDataset, idColumn: string | null): void {
  const exact = new Set(stored.map((s) => s.key));
  const loose = new Map(stored.map((s) => [looseKey(s.key), s.key]));
  const problems = upload.series.flatMap((u) => {
    const meant = exact.has(u.key) ? undefined : loose.get(looseKey(u.key));
    if (meant === undefined) return [];
    const [row, column] = idColumn === null ? [null, u.key] : [u.lastRow, idColumn];
    const message =
      `series "${u.key}" differs from the stored series "${meant}" only in case or spaces; an append would add it as a ` +
      'new series: write the key as stored, or upload the series as a dataset of its own';
    return [{ row, column, message: where(row, column) + message }];
  });
  if (problems.length > 0) throw new CsvIngestError(problems);
}

/** One stored series and the uploaded rows of the same key; the new values, or null when nothing changed. */
function mergeOne(
  s: StoredSeries,
  u: ParsedSeries,
  frequency: Frequency,
  summary: AppendSummary,
  tsColumn: string,
  points: { total: number; max: number },
): { values: Float64Array; gaps: number } | null {
  const offset = gridOffset(s.start, u.start, frequency);
  const lastAt = offset === null ? null : gridOffset(s.start, stepTimestamp(u.start, frequency, u.values.length - 1), frequency);
  if (offset === null || lastAt !== offset + u.values.length - 1) {
    const message =
      `series "${u.key}" has rows from ${u.start.toISOString()}, which is off its ${describeFrequency(frequency)} grid ` +
      `that starts at ${s.start.toISOString()}`;
    throw new CsvIngestError([{ row: null, column: tsColumn, message: where(null, tsColumn) + message }]);
  }
  const n = s.values.length;
  let last = u.values.length - 1;
  while (last >= 0 && Number.isNaN(u.values[last])) last--;
  const length = Math.max(n, offset + last + 1);
  points.total += length - n;
  if (points.total > points.max) throw overPoints(u, length, s.start, frequency, points.max, tsColumn);
  // The stored steps and the file's rows: a lone far-off row must not add millions of missing points.
  const rows = n + u.values.length - u.gaps;
  if (length > n && isSparseGrid(length, rows)) {
    const message =
      `series "${u.key}" would span ${length} steps of ${describeFrequency(frequency)} from ${formatInstant(s.start.getTime())} ` +
      `to ${formatInstant(stepTimestamp(u.start, frequency, u.values.length - 1).getTime())} but has only ${rows} rows ` +
      `(${SPARSE_GRID_LIMIT}); check these timestamps`;
    throw new CsvIngestError([{ row: u.lastRow, column: tsColumn, message: where(u.lastRow, tsColumn) + message }]);
  }
  // Appends cannot be undone: a typo (9999 for 2023) must not leave a series of mostly gaps, even below the sparsity floor.
  const gap = length > n ? offset - n : 0;
  if (gap > Math.max(n, APPEND_GAP_FLOOR)) {
    const end = formatInstant(stepTimestamp(s.start, frequency, n - 1).getTime());
    const row = u.values.length - u.gaps === 1 ? u.lastRow : null;
    const message =
      `series "${u.key}" would jump from its last point (${end}) to ${formatInstant(u.start.getTime())}: ${gap} missing steps ` +
      `of ${describeFrequency(frequency)}, more than the ${n} points it has (an append may open a gap of at most that many ` +
      `steps, or ${APPEND_GAP_FLOOR}); check this timestamp`;
    throw new CsvIngestError([{ row, column: tsColumn, message: where(row, tsColumn) + message }]);
  }
  const values = new Float64Array(length).fill(NaN);
  values.set(s.values);
  let changed = length > n;
  for (let i = 0; i < u.values.length; i++) {
    const p = offset + i;
    const v = u.values[i];
    if (p >= length) break;
    if (p >= n) {
      values[p] = v;
      if (v === v) summary.rowsAdded++;
      continue;
    }
    if (v !== v) continue; // a missing cell or a gap in the file: no information
    if (p < 0) {
      if (summary.beforeStart.count++ < EXAMPLES) {
        const timestamp = stepTimestamp(u.start, frequency, i).toISOString();
        summary.beforeStart.examples.push({ series: u.key, timestamp, start: s.start.toISOString() });
      }
      continue;
    }
    const old = s.values[p];
    if (old !== old) {
      values[p] = v;
      summary.filled++;
      summary.rowsAdded++;
      changed = true;
    } else {
      summary.overlaps.count++;
      if (old === v) summary.overlaps.identical++;
      else if (summary.overlaps.conflicting++ < EXAMPLES) {
        const timestamp = stepTimestamp(s.start, frequency, p).toISOString();
        summary.overlaps.examples.push({ series: u.key, timestamp, stored: old, uploaded: v });
      }
    }
  }
  if (!changed) return null;
  if (length > n) summary.seriesExtended++;
  // Steps with no row: those between the old end and the first new row, plus the file's own gaps that fall in what was
  // appended (not in the overlap, nor after its last value).
  const jump = length > n ? Math.max(0, offset - n) : 0;
  const gaps = jump + Math.min(u.gaps, countMissing(values, n + jump, length));
  summary.gaps += gaps;
  return { values, gaps };
}

/** The refusal of an append past UPLOAD_MAX_POINTS, at the row of the series' last timestamp in the file. */
function overPoints(u: ParsedSeries, length: number, start: Date, frequency: Frequency, maxPoints: number, tsColumn: string): CsvIngestError {
  const end = stepTimestamp(u.start, frequency, u.values.length - 1);
  const message =
    `series "${u.key}" would span ${length} steps of ${describeFrequency(frequency)} from ${start.toISOString()} to ` +
    `${end.toISOString()}, and the dataset over ${maxPoints} points, ${pointsLimitHint()}`;
  return new CsvIngestError([{ row: u.lastRow, column: tsColumn, message: where(u.lastRow, tsColumn) + message }]);
}

/** Steps from `start` to `t` on the grid that starts at `start` (negative before it), or null when `t` is off it. */
function gridOffset(start: Date, t: Date, frequency: Frequency): number | null {
  if (t.getTime() >= start.getTime()) {
    const k = new GridIndexer(start.getTime(), frequency).index(t.getTime());
    return k < 0 ? null : k;
  }
  const k = new GridIndexer(t.getTime(), frequency).index(start.getTime());
  return k < 0 ? null : -k;
}

/** The profile after an append: recomputed from the series, with the gaps the append added. */
function nextProfile(
  previous: DatasetProfile,
  series: readonly MergedSeries[],
  upload: ParsedDataset,
  gapsAdded: ReadonlyMap<string, number>,
): DatasetProfile {
  const stats = seriesStats(
    series.map((s) => ({ start: s.start, length: s.values.length, missing: countMissing(s.values, 0, s.values.length) })),
    previous.frequency,
  );
  // Stored series do not record which missing values were gaps; the profile adds the new ones to the old count (a
  // filled value may have been either, so the count never exceeds the missing values).
  const listed = new Map(previous.gappiestSeries.map((g) => [g.id, g.gaps]));
  const entries = series.map((s) => ({ id: s.key, gaps: (listed.get(s.key) ?? 0) + (gapsAdded.get(s.key) ?? 0) }));
  const added = series.filter((s) => s.change === 'added').map((s) => s.key);
  return {
    ...previous,
    ...stats,
    columns: previous.layout === 'wide' ? { ...previous.columns, values: [...previous.columns.values, ...added] } : previous.columns,
    rows: previous.rows + upload.profile.rows,
    // Rows the duplicates policy or resampling folded, in the first file and each append (within its own rows).
    ...(upload.profile.merged === undefined ? {} : { merged: (previous.merged ?? 0) + upload.profile.merged }),
    gaps: Math.min(stats.missing, previous.gaps + [...gapsAdded.values()].reduce((a, b) => a + b, 0)),
    gappiestSeries: gappiestSeries(entries),
    demandClasses: demandClassCounts(series),
  };
}

function countValues(values: Float64Array): number {
  let n = 0;
  for (const v of values) if (v === v) n++;
  return n;
}

function countMissing(values: Float64Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (values[i] !== values[i]) n++;
  return n;
}
