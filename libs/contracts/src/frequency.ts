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
