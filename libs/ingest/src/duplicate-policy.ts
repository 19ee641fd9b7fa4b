import type { DuplicatePolicy } from '@foretell/contracts';

/** How the rows folded into one point are combined (every policy but `refuse`, and resampling's sum/mean). */
export type MergeRule = Exclude<DuplicatePolicy, 'refuse'>;

/** One series' rows, sorted by time (rows at the same time in file order); a wide file's series share `timestamps`. */
export interface RowSeries {
  key: string;
  timestamps: Float64Array;
  lines: Int32Array;
  values: Float64Array;
}

/** Consecutive rows with the same key: group g holds rows [starts[g], starts[g + 1]). */
interface Groups {
  starts: Int32Array;
  timestamps: Float64Array;
  lines: Int32Array;
}

function groupRows(s: RowSeries, keyOf: (t: number) => number): Groups {
  const n = s.timestamps.length;
  const starts = new Int32Array(n + 1);
  const timestamps = new Float64Array(n);
  let g = 0;
  for (let i = 0; i < n; i++) {
    const key = keyOf(s.timestamps[i]);
    if (g > 0 && timestamps[g - 1] === key) continue;
    starts[g] = i;
    timestamps[g++] = key;
  }
  starts[g] = n;
  const lines = new Int32Array(g);
  for (let k = 0; k < g; k++) lines[k] = s.lines[starts[k]];
  return { starts: starts.subarray(0, g + 1), timestamps: timestamps.subarray(0, g), lines };
}

/** Combines values[from, to) by `rule`, ignoring missing values (NaN when all are missing). */
function combine(values: Float64Array, from: number, to: number, rule: MergeRule): number {
  let count = 0;
  let sum = 0;
  let first = NaN;
  let last = NaN;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (count++ === 0) first = v;
    sum += v;
    last = v;
  }
  if (count === 0) return NaN;
  if (rule === 'sum') return sum;
  if (rule === 'mean') return sum / count;
  return rule === 'first' ? first : last;
}

/**
 * Folds the rows of each series whose timestamps map to the same key (`keyOf`: the timestamp itself for duplicates,
 * its period when resampling) into one row at that key, combined by `rule`. The merged row keeps the line of its
 * first row (for messages). Series that shared a timestamp array still share one. `merged` counts the rows folded
 * into another, once per row of the file (a wide file's row counts once, not once per column).
 */
export function mergeRows(
  series: readonly RowSeries[],
  rule: MergeRule,
  keyOf: (t: number) => number = (t) => t,
): { series: RowSeries[]; merged: number } {
  const grouped = new Map<Float64Array, Groups>();
  let merged = 0;
  const out = series.map((s) => {
    let groups = grouped.get(s.timestamps);
    if (!groups) {
      groups = groupRows(s, keyOf);
      grouped.set(s.timestamps, groups);
      merged += s.timestamps.length - groups.timestamps.length;
    }
    const count = groups.timestamps.length;
    const values = new Float64Array(count);
    for (let g = 0; g < count; g++) values[g] = combine(s.values, groups.starts[g], groups.starts[g + 1], rule);
    return { key: s.key, timestamps: groups.timestamps, lines: groups.lines, values };
  });
  return { series: out, merged };
}
