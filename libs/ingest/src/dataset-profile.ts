import { demandPattern, stepTimestamp, type DatasetProfile, type Frequency } from '@foretell/contracts';

/** What the profile needs of one stored series: where it starts, its grid length and its missing (NaN) points. */
export interface SeriesShape {
  start: Date;
  length: number;
  /** NaN points: empty cells plus gaps. */
  missing: number;
}

/** Series listed in the profile's `gappiestSeries`. */
const GAPPIEST_LISTED = 5;

/**
 * The profile fields that follow from the series themselves (count, points, lengths, span, missing points), shared by
 * a first upload and an append so both describe a dataset the same way. The end of a series is its last grid point.
 */
export function seriesStats(
  series: readonly SeriesShape[],
  frequency: Frequency,
): Pick<DatasetProfile, 'seriesCount' | 'points' | 'minLength' | 'maxLength' | 'start' | 'end' | 'missing'> {
  let points = 0;
  let missing = 0;
  let minLength = Infinity;
  let maxLength = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const s of series) {
    points += s.length;
    missing += s.missing;
    minLength = Math.min(minLength, s.length);
    maxLength = Math.max(maxLength, s.length);
    start = Math.min(start, s.start.getTime());
    end = Math.max(end, stepTimestamp(s.start, frequency, s.length - 1).getTime());
  }
  return {
    seriesCount: series.length,
    points,
    minLength,
    maxLength,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    missing,
  };
}

/** The series with the most gaps, most first (ties keep their order). */
export function gappiestSeries(entries: readonly { id: string; gaps: number }[]): DatasetProfile['gappiestSeries'] {
  return entries
    .filter((s) => s.gaps > 0)
    .sort((a, b) => b.gaps - a.gaps)
    .slice(0, GAPPIEST_LISTED)
    .map((s) => ({ id: s.id, gaps: s.gaps }));
}

/** Series per demand class; series that are not demand data (negative values, no demand) are not counted. */
export function demandClassCounts(series: readonly { values: Float64Array }[]): NonNullable<DatasetProfile['demandClasses']> {
  const counts = { smooth: 0, erratic: 0, intermittent: 0, lumpy: 0 };
  for (const s of series) {
    const pattern = demandPattern(s.values);
    if (pattern) counts[pattern.class]++;
  }
  return counts;
}
