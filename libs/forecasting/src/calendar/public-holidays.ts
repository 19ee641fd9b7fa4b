import Holidays from 'date-holidays';

/** Public holidays by region and year: date-holidays computes a year's rules once per process. */
const cache = new Map<string, string[]>();

function holidaysOf(region: string, year: number): string[] {
  const key = `${region}:${year}`;
  let dates = cache.get(key);
  if (!dates) {
    const [country, state] = region.split('-');
    const calendar = state ? new Holidays(country, state) : new Holidays(country);
    // Public holidays only (not observances, school or bank holidays); `date` is the local date, "YYYY-MM-DD hh:mm:ss".
    dates = calendar
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10));
    cache.set(key, dates);
  }
  return dates;
}

/** The ISO dates (YYYY-MM-DD) of `region`'s public holidays between `from` and `to` (by UTC year, inclusive). */
export function publicHolidays(region: string, from: Date, to: Date): Set<string> {
  const out = new Set<string>();
  for (let year = from.getUTCFullYear(); year <= to.getUTCFullYear(); year++) {
    for (const date of holidaysOf(region, year)) out.add(date);
  }
  return out;
}
