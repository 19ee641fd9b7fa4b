import { z } from 'zod';

/** Calendar units a series can be sampled at. Month-based units step by calendar, the rest by fixed milliseconds. */
export const FREQUENCY_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export const frequencyUnitSchema = z.enum(FREQUENCY_UNITS);
export type FrequencyUnit = z.infer<typeof frequencyUnitSchema>;

/** A sampling frequency: `step` units between consecutive points (e.g. 15 minutes, 1 week). */
export const frequencySchema = z.object({
  unit: frequencyUnitSchema,
  step: z.number().int().positive(),
});
export type Frequency = z.infer<typeof frequencySchema>;

/** Seasonal period per unit, as the M4 competition uses (weekly 1, not 52). Overridable per run. */
export const DEFAULT_SEASON: Record<FrequencyUnit, number> = {
  second: 60,
  minute: 60,
  hour: 24,
  day: 7,
  week: 1,
  month: 12,
  quarter: 4,
  year: 1,
};

export function seasonFor(frequency: Frequency): number {
  return frequency.step === 1 ? DEFAULT_SEASON[frequency.unit] : 1;
}

/** Short label: "1h", "15min", "1w", "1mo". */
export function frequencyLabel(f: Frequency): string {
  const short: Record<FrequencyUnit, string> = {
    second: 's', minute: 'min', hour: 'h', day: 'd', week: 'w', month: 'mo', quarter: 'q', year: 'y',
  };
  return `${f.step}${short[f.unit]}`;
}

const FIXED_MS: Partial<Record<FrequencyUnit, number>> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};
const MONTHS: Partial<Record<FrequencyUnit, number>> = { month: 1, quarter: 3, year: 12 };

const DAY_MS = 86_400_000;
/** Longer periods (a week of 10-minute steps and beyond) cost more to test and decompose than they return. */
const MAX_CANDIDATE_PERIOD = 1_008;

/**
 * The periods worth testing for seasonality at this frequency, shortest first: the day and the week for data
 * sampled within a day (hourly 24 and 168, half-hourly 48 and 336), week and year for daily data (7 and 365, the
 * year's 365.25 days rounded), the year for weekly (52), monthly (12) and quarterly (4) data; only whole periods of
 * at least two steps. Which of them a series shows is for the engine to test (`detectSeasonalities`).
 */
export function seasonalCandidates(frequency: Frequency): number[] {
  const fixed = FIXED_MS[frequency.unit];
  const stepMs = fixed === undefined ? undefined : fixed * frequency.step;
  const periods =
    stepMs !== undefined && stepMs < DAY_MS
      ? [DAY_MS / stepMs, (7 * DAY_MS) / stepMs]
      : frequency.step !== 1
        ? []
        : ({ day: [7, 365], week: [52], month: [12], quarter: [4] } as Partial<Record<FrequencyUnit, number[]>>)[frequency.unit] ?? [];
  return periods.filter((p) => Number.isInteger(p) && p >= 2 && p <= MAX_CANDIDATE_PERIOD);
}

/**
 * The periods a run tests on each series: the frequency's candidates when the run keeps the frequency's default
 * season (`season` null or equal to it) and that season is seasonal; otherwise just the run's season. Weekly data so
 * keeps M4's m = 1 unless a season of 52 is asked for.
 */
export function runSeasonalities(frequency: Frequency, season: number | null): number[] {
  const fallback = seasonFor(frequency);
  if (season !== null && season !== fallback) return [season];
  return fallback > 1 ? seasonalCandidates(frequency) : [fallback];
}

/**
 * The timestamp `k` steps after `start` (UTC). Month-based units step by calendar month, keeping the day of month
 * and clamping it to the month's end (Jan 31 → Feb 28 → Mar 31 for a month-end series).
 */
export function stepTimestamp(start: Date, frequency: Frequency, k: number): Date {
  const fixed = FIXED_MS[frequency.unit];
  if (fixed !== undefined) return new Date(start.getTime() + k * frequency.step * fixed);
  const monthIndex = start.getUTCMonth() + (MONTHS[frequency.unit] ?? 1) * frequency.step * k;
  const year = start.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const isMonthEnd = start.getUTCDate() === new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
  const day = isMonthEnd ? lastDay : Math.min(start.getUTCDate(), lastDay);
  const d = new Date(start.getTime());
  d.setUTCFullYear(year, month, day);
  return d;
}

/** `count` grid timestamps starting `offset` steps after `start`. */
export function gridTimestamps(start: Date, frequency: Frequency, count: number, offset = 0): Date[] {
  return Array.from({ length: count }, (_, i) => stepTimestamp(start, frequency, offset + i));
}
