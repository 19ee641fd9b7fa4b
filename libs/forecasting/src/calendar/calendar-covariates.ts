import type { CalendarSpec, CalendarUsed } from '@foretell/contracts';
import type { SeriesCovariates } from '../core/model';
import { calendarColumns, type CalendarGrid } from './calendar-features';

/**
 * Every series' covariates with its calendar appended as future covariates (after any the caller gave), so every
 * model that reads future covariates reads the calendar the same way. `grids` are the series' own, in order; the
 * horizon of each grid is how far the future covariates must reach (0 at fit time without a forecast).
 * `used.holidaysInData`/`InHorizon` are the most any one series had.
 */
export function withCalendar(
  covariates: readonly SeriesCovariates[] | undefined,
  grids: readonly CalendarGrid[],
  spec: CalendarSpec,
): { covariates: SeriesCovariates[]; used: CalendarUsed } {
  const built = grids.map((grid) => calendarColumns(grid, spec));
  const first = built[0]?.used ?? calendarColumns({ start: new Date(0), frequency: { unit: 'day', step: 1 }, length: 0, horizon: 0 }, spec).used;
  const used: CalendarUsed = {
    ...first,
    holidaysInData: Math.max(0, ...built.map((b) => b.used.holidaysInData)),
    holidaysInHorizon: Math.max(0, ...built.map((b) => b.used.holidaysInHorizon)),
  };
  return {
    covariates: built.map((b, i) => ({
      past: covariates?.[i]?.past ?? [],
      future: [...(covariates?.[i]?.future ?? []), ...b.values],
    })),
    used,
  };
}
