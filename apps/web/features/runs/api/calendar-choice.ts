import { CALENDAR_FEATURES, type CalendarFeature, type CalendarSpecInput, type Run } from '@foretell/contracts';

export const CALENDAR_FEATURE_LABELS: Record<CalendarFeature, string> = {
  hour: 'Hour of day',
  weekday: 'Day of week',
  month: 'Time of year',
};

/** What the form's Calendar section holds: ticked features, and a holiday country and region ('' = none). */
export interface CalendarChoice {
  features: ReadonlySet<CalendarFeature>;
  country: string;
  region: string;
}

export const NO_CALENDAR: CalendarChoice = { features: new Set(), country: '', region: '' };

/** The run's `calendar`, or undefined when nothing is chosen (the run reads no calendar). */
export function calendarFromChoice({ features, country, region }: CalendarChoice): CalendarSpecInput | undefined {
  if (features.size === 0 && !country) return undefined;
  return {
    features: CALENDAR_FEATURES.filter((f) => features.has(f)),
    ...(country && { holidays: region ? `${country}-${region}` : country }),
  };
}

/** One line for the run page: what the calendar came to on the data ("Day of week; DE holidays: 1 in the data, 3 ahead"). */
export function calendarSummary(calendar: NonNullable<Run['calendar']>): string {
  const used = calendar.used;
  const asked = calendar.features === 'auto' ? 'auto' : calendar.features.map((f) => CALENDAR_FEATURE_LABELS[f]).join(', ');
  if (!used) return `${asked || 'no features'}${calendar.holidays ? `; ${calendar.holidays} holidays` : ''} (not built yet)`;
  const features = used.features.map((f) => CALENDAR_FEATURE_LABELS[f]).join(', ') || 'no date features';
  const holidays = used.holidays ? `; ${used.holidays} holidays: ${used.holidaysInData} in the data, ${used.holidaysInHorizon} ahead` : '';
  const skipped = used.skipped.length ? `; left out: ${used.skipped.join(', ')}` : '';
  return `${features}${holidays}${skipped}`;
}
