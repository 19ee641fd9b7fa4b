import type { Frequency, FrequencyUnit } from '@foretell/contracts';
import {
  addMonths,
  civil,
  daysInMonth,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  MS_PER_WEEK,
  newCivil,
} from './calendar';

/** Units that step by a fixed number of milliseconds, largest first (a 14-day step is "2 weeks"). */
const FIXED_UNITS: [FrequencyUnit, number][] = [
  ['week', MS_PER_WEEK],
  ['day', MS_PER_DAY],
  ['hour', MS_PER_HOUR],
  ['minute', MS_PER_MINUTE],
  ['second', MS_PER_SECOND],
];
const MONTHS_PER_UNIT: Partial<Record<FrequencyUnit, number>> = { month: 1, quarter: 3, year: 12 };

/** Months per step for month-based frequencies, else 0. */
export function monthsPerStep(f: Frequency): number {
  const m = MONTHS_PER_UNIT[f.unit];
  return m === undefined ? 0 : m * f.step;
}

/** Milliseconds per step for fixed frequencies, else 0. */
export function msPerStep(f: Frequency): number {
  const unit = FIXED_UNITS.find(([u]) => u === f.unit);
  return unit ? unit[1] * f.step : 0;
}

/** Words for messages: "1 hour", "15 minutes", "1 month". */
export function describeFrequency(f: Frequency): string {
  return `${f.step} ${f.unit}${f.step === 1 ? '' : 's'}`;
}

/**
 * The sampling frequency of one sorted series, or null with fewer than two distinct timestamps or a sub-second step.
 * Robust to gaps: it takes the most common positive difference.
 */
export function detectFrequency(sortedTimestampsMs: ArrayLike<number>): Frequency | null {
  return detectDatasetFrequency([sortedTimestampsMs]);
}

/**
 * One frequency for a whole dataset from each series' sorted timestamps (differences are taken within series only).
 * When most consecutive pairs sit at the same place in their months (same day, or both month ends, and the same
 * time of day), the step is the most common number of calendar months between them (months, quarters, years);
 * otherwise it is the most common difference in milliseconds, named by the largest unit that divides it.
 */
export function detectDatasetFrequency(series: ArrayLike<number>[]): Frequency | null {
  const fixed = new Map<number, number>();
  const months = new Map<number, number>();
  let pairs = 0;
  let aligned = 0;
  const a = newCivil();
  const b = newCivil();
  for (const ts of series) {
    if (ts.length < 2) continue;
    let runDiff = 0;
    let runCount = 0;
    for (let i = 1; i < ts.length; i++) {
      const diff = ts[i] - ts[i - 1];
      if (!(diff > 0)) continue;
      pairs++;
      // Most files have one difference throughout: count runs, not Map updates per pair.
      if (diff === runDiff) runCount++;
      else {
        if (runCount > 0) fixed.set(runDiff, (fixed.get(runDiff) ?? 0) + runCount);
        runDiff = diff;
        runCount = 1;
      }
      if (diff < 28 * MS_PER_DAY) continue; // less than a month apart: no calendar step
      civil(ts[i - 1], a);
      civil(ts[i], b);
      if (a.timeOfDay === b.timeOfDay && sameMonthPosition(a, b)) {
        aligned++;
        const k = b.year * 12 + b.month - (a.year * 12 + a.month);
        months.set(k, (months.get(k) ?? 0) + 1);
      }
    }
    if (runCount > 0) fixed.set(runDiff, (fixed.get(runDiff) ?? 0) + runCount);
  }
  if (pairs === 0) return null;
  if (aligned * 2 >= pairs) {
    const k = mode(months);
    if (k % 12 === 0) return { unit: 'year', step: k / 12 };
    if (k % 3 === 0) return { unit: 'quarter', step: k / 3 };
    return { unit: 'month', step: k };
  }
  const diff = mode(fixed);
  for (const [unit, ms] of FIXED_UNITS) if (diff % ms === 0) return { unit, step: diff / ms };
  return null;
}

function sameMonthPosition(p: { year: number; month: number; day: number }, c: typeof p): boolean {
  if (p.day === c.day) return true;
  return p.day === daysInMonth(p.year, p.month) && c.day === daysInMonth(c.year, c.month);
}

/** Most frequent key; ties go to the smaller key (the finer grid). */
function mode(counts: Map<number, number>): number {
  let best = 0;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Places timestamps on the grid that starts at `t0` (the same grid as `gridTimestamps` in @foretell/contracts, which
 * the API uses to label points: an allocation-free inverse of it): `index(t)` is the step number, or -1 when `t` falls between
 * grid points. Month-based grids follow `gridTimestamps`' calendar rule.
 */
export class GridIndexer {
  private readonly stepMs: number;
  private readonly stepMonths: number;
  private readonly base = newCivil();
  private readonly scratch = newCivil();

  constructor(
    private readonly t0: number,
    frequency: Frequency,
  ) {
    this.stepMs = msPerStep(frequency);
    this.stepMonths = monthsPerStep(frequency);
    civil(t0, this.base);
  }

  index(t: number): number {
    if (this.stepMonths === 0) {
      const k = (t - this.t0) / this.stepMs;
      return Number.isInteger(k) ? k : -1;
    }
    const c = civil(t, this.scratch);
    const months = c.year * 12 + c.month - (this.base.year * 12 + this.base.month);
    if (months % this.stepMonths !== 0) return -1;
    return addMonths(this.base, months) === t ? months / this.stepMonths : -1;
  }
}
