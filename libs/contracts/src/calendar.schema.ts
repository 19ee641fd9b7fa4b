import Holidays from 'date-holidays';
import { z } from 'zod';

/**
 * Calendar features the engine builds from a series' timestamps, known for the horizon too (future covariates).
 * `auto` picks those that vary at the data's frequency (hour of day below daily data, weekday below weekly, month
 * below yearly).
 */
export const CALENDAR_FEATURES = ['hour', 'weekday', 'month'] as const;
export const calendarFeatureSchema = z.enum(CALENDAR_FEATURES);
export type CalendarFeature = z.infer<typeof calendarFeatureSchema>;

/** Countries date-holidays knows, code → name; read once, on first use (its data is large). */
let countries: Record<string, string> | undefined;
export function holidayCountries(): Record<string, string> {
  countries ??= new Holidays().getCountries('en');
  return countries;
}

/** States or regions of a country date-holidays knows (empty when it has none). */
export function holidayRegions(country: string): Record<string, string> {
  return (holidayCountries()[country] && new Holidays().getStates(country, 'en')) || {};
}

/** Why `region` ("DE", "US-CA", "AU-VIC") is not a holiday region date-holidays knows, or null when it is. */
export function holidayRegionProblem(region: string): string | null {
  const [country = '', state, ...rest] = region.split('-');
  if (!holidayCountries()[country]) {
    return `unknown country "${country}"; use one of date-holidays' country codes: ${Object.keys(holidayCountries()).join(', ')}`;
  }
  const states = holidayRegions(country);
  if (rest.length > 0 || (state !== undefined && !states[state])) {
    const known = Object.keys(states);
    return known.length > 0
      ? `unknown region "${region.slice(country.length + 1)}" of ${country}; use one of: ${known.join(', ')}`
      : `${country} has no regions in date-holidays; use "${country}"`;
  }
  return null;
}

/** A run's calendar: which features, and whose public holidays ("DE", "US-CA", "AU-VIC"). */
export const calendarSpecSchema = z
  .object({
    features: z.union([z.literal('auto'), z.array(calendarFeatureSchema).max(CALENDAR_FEATURES.length)]).default('auto'),
    holidays: z
      .string()
      .trim()
      .toUpperCase()
      .max(20)
      .superRefine((region, ctx) => {
        const problem = holidayRegionProblem(region);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  })
  .strict();
export type CalendarSpec = z.output<typeof calendarSpecSchema>;
export type CalendarSpecInput = z.input<typeof calendarSpecSchema>;

/** What a run's calendar came to on its data (GET /api/runs/:id): the features built and the holidays that fell. */
export const calendarUsedSchema = z.object({
  /** Covariate columns given to the models, in order (e.g. "weekday:tue", "month:sin1", "holiday"). */
  columns: z.array(z.string()),
  features: z.array(calendarFeatureSchema),
  /** Features asked for ("holidays" included) that do not vary at the data's frequency, left out. */
  skipped: z.array(z.string()),
  holidays: z.string().nullable(),
  /** Holiday days in the series' history and in the forecast horizon (over every target series' own dates). */
  holidaysInData: z.number().int(),
  holidaysInHorizon: z.number().int(),
});
export type CalendarUsed = z.infer<typeof calendarUsedSchema>;
