import type { CsvProblem, Frequency } from '@foretell/contracts';
import { civil, daysFromCivil, MS_PER_DAY, newCivil } from './calendar';
import { describeFrequency, monthsPerStep, msPerStep } from './frequency-grid';
import type { RowSeries } from './duplicate-policy';
import { where } from './problems';
import { formatInstant } from './series-builder';

/** 1970-01-05, a Monday: ISO weeks start on Mondays. */
const FIRST_MONDAY = 4 * MS_PER_DAY;
/** A month's average length, only to compare frequencies. */
const MS_PER_MONTH = 30.436875 * MS_PER_DAY;

/**
 * The period a timestamp falls in, as the period's first instant: fixed steps count from 1970-01-01 00:00 UTC (days at
 * midnight, hours on the hour), weeks from a Monday, months from the 1st (quarters from January, April, July,
 * October; years from January). `offsetOf(t)` (milliseconds to add to UTC, e.g. from a declared time zone) moves the
 * boundaries to local time; the period is then labelled by its local start (a day by its local date at 00:00).
 */
export function periodStart(frequency: Frequency, offsetOf: (utcMs: number) => number = () => 0): (t: number) => number {
  const months = monthsPerStep(frequency);
  if (months === 0) {
    const step = msPerStep(frequency);
    const anchor = frequency.unit === 'week' ? FIRST_MONDAY : 0;
    return (t) => {
      const local = t + offsetOf(t);
      return anchor + Math.floor((local - anchor) / step) * step;
    };
  }
  const c = newCivil();
  return (t) => {
    civil(t + offsetOf(t), c);
    const index = c.year * 12 + c.month - 1;
    const start = index - (((index % months) + months) % months);
    return daysFromCivil(Math.floor(start / 12), (start % 12) + 1, 1) * MS_PER_DAY;
  };
}

/** Nominal length of a step, to tell finer from coarser. */
export function nominalMs(f: Frequency): number {
  const months = monthsPerStep(f);
  return months === 0 ? msPerStep(f) : months * MS_PER_MONTH;
}

/**
 * Why resampling to `target` is refused, or null: when the rows' own frequency `source` is at least twice the target
 * step and no two distinct timestamps of a series fall closer than that step, most periods would be empty (that is
 * upsampling).
 * Irregular logs whose most common gap is long still have rows within a period, so they pass.
 */
export function finerTargetMessage(series: readonly ArrayLike<number>[], source: Frequency | null, target: Frequency): string | null {
  const step = nominalMs(target);
  if (source !== null && nominalMs(source) < 2 * step) return null;
  for (const ts of series) {
    // In time order, and rows at one timestamp (duplicates the resampling will merge) are not rows closer together.
    const sorted = Float64Array.from(ts).sort();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] > sorted[i - 1] && sorted[i] - sorted[i - 1] < step) return null;
  }
  const apart = source ? `${describeFrequency(source)} apart` : 'further apart than that';
  const instead = source ? `choose ${describeFrequency(source)} or coarser` : 'choose a coarser frequency';
  return `cannot resample to ${describeFrequency(target)}: the rows are ${apart}, and resampling only aggregates to a coarser frequency (e.g. hourly rows to days); ${instead}`;
}

/**
 * Partial first and last periods are kept (their rows are real data), with a warning naming the series: a sum over
 * half a day is not a day's total. A period counts as partial when it has fewer distinct timestamps than its
 * neighbour inside the series does, so irregular transaction logs, whose periods hold any number of rows, are not
 * flagged. `rows` are the series before resampling.
 */
export function partialPeriodWarning(
  rows: readonly RowSeries[],
  keyOf: (t: number) => number,
  tsColumn: string,
): CsvProblem | null {
  const partial: string[] = [];
  const seen = new Set<Float64Array>();
  // A long file's series each have their rows; a wide file's share them (one warning for all).
  const bySeries = rows.length > 1 && rows[0].timestamps !== rows[1].timestamps;
  for (const s of rows) {
    if (seen.has(s.timestamps)) continue;
    seen.add(s.timestamps);
    const counts = periodCounts(s.timestamps, keyOf);
    if (counts.length < 3) continue;
    const full = counts[1].count;
    // The interior must be regular for a short end to mean anything.
    if (counts[counts.length - 2].count !== full) continue;
    const ends = [counts[0], counts[counts.length - 1]].filter((p) => p.count < full);
    const label = bySeries ? `series "${s.key}" ` : '';
    for (const p of ends) partial.push(`${label}${formatInstant(p.start)} (${p.count} of ${full} rows)`);
  }
  if (partial.length === 0) return null;
  const shown = partial.slice(0, 3).join(', ') + (partial.length > 3 ? ` and ${partial.length - 3} more` : '');
  const message = `partial periods at the ends were kept, with fewer rows than the others: ${shown}`;
  return { row: null, column: tsColumn, message: where(null, tsColumn) + message };
}

function periodCounts(timestamps: Float64Array, keyOf: (t: number) => number): { start: number; count: number }[] {
  const out: { start: number; count: number }[] = [];
  for (let i = 0; i < timestamps.length; i++) {
    if (i > 0 && timestamps[i] === timestamps[i - 1]) continue;
    const start = keyOf(timestamps[i]);
    const last = out[out.length - 1];
    if (last && last.start === start) last.count++;
    else out.push({ start, count: 1 });
  }
  return out;
}
