import { IANAZone } from 'luxon';
import type { CsvProblem } from '@foretell/contracts';
import { MS_PER_DAY, MS_PER_MINUTE } from './calendar';
import { where, type ProblemList } from './problems';

/*
 * Wall-clock times of a declared zone → UTC instants, in file order, so the series grid stays UTC-regular:
 * - the hour clocks skip (spring) does not exist: rows simply go on from the hour after it, and no gap appears;
 *   a row at a time that does not exist is a problem;
 * - the hour clocks repeat (autumn) reads first with the earlier offset (summer time); a row at that wall time
 *   again, after a row of its series already at or past the first reading, takes the later offset. So a file that
 *   gives the repeated hour twice keeps both as consecutive UTC hours, and one that gives it once reads it as the
 *   first (the second becomes a gap).
 * Each change of offset is reported once as a warning with its rows. Rows with an explicit offset and bare dates
 * (calendar days, months…) are left as they are.
 */

/** Per-row flags, set while reading when a zone is declared. */
export const ROW_ZONED = 1;
export const ROW_DATE_ONLY = 2;

export interface LocalRows {
  timestamps: Float64Array;
  flags: Uint8Array;
  lines: Int32Array;
  /** Each row's series (long files with ids), or null for one timeline. */
  seriesIndex: Int32Array | null;
  seriesCount: number;
}

/** Offsets (minutes) of the zone, memoised per day that holds no change of offset. */
class ZoneOffsets {
  private readonly zone: IANAZone;
  private readonly steadyDays = new Map<number, number | null>();
  constructor(name: string) {
    this.zone = IANAZone.create(name);
  }

  offset(instant: number): number {
    return this.zone.offset(instant);
  }

  /** The instants a wall-clock time names: one, two (a repeated hour; earlier first) or none (a skipped one). */
  instants(wall: number): number[] {
    const day = Math.floor(wall / MS_PER_DAY);
    let steady = this.steadyDays.get(day);
    if (steady === undefined) {
      // Offsets are within ±1 day of UTC, and no zone changes its offset twice in three days.
      const before = this.zone.offset((day - 1) * MS_PER_DAY);
      steady = before === this.zone.offset((day + 2) * MS_PER_DAY) ? before : null;
      this.steadyDays.set(day, steady);
    }
    if (steady !== null) return [wall - steady * MS_PER_MINUTE];
    const found: number[] = [];
    for (const o of new Set([this.zone.offset(wall - MS_PER_DAY), this.zone.offset(wall + MS_PER_DAY)])) {
      const instant = wall - o * MS_PER_MINUTE;
      if (this.zone.offset(instant) === o) found.push(instant);
    }
    return found.sort((a, b) => a - b);
  }
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "2021-10-31 02:00" for a wall-clock time held as if UTC. */
function formatWall(wall: number): string {
  return new Date(wall).toISOString().slice(0, 16).replace('T', ' ');
}

/** Converts `rows.timestamps` in place; adds a problem per time that does not exist and a warning per change. */
export function resolveLocalTimes(
  zoneName: string,
  rows: LocalRows,
  column: string,
  problems: ProblemList,
  warnings: CsvProblem[],
): void {
  const zone = new ZoneOffsets(zoneName);
  const n = rows.timestamps.length;
  const lastInstant = new Float64Array(rows.seriesCount).fill(-Infinity);
  const lastOffset = new Float64Array(rows.seriesCount).fill(NaN);
  const lastLine = new Int32Array(rows.seriesCount);
  const reported = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (rows.flags[i] & (ROW_ZONED | ROW_DATE_ONLY)) continue;
    const s = rows.seriesIndex ? rows.seriesIndex[i] : 0;
    const wall = rows.timestamps[i];
    const line = rows.lines[i];
    const instants = zone.instants(wall);
    if (instants.length === 0) {
      problems.add(
        line,
        column,
        `${formatWall(wall)} does not exist in ${zoneName}: clocks skip that hour there; correct the row, or declare the zone the times are in`,
      );
      rows.timestamps[i] = NaN;
      continue;
    }
    let instant = instants[0];
    if (instants.length === 2 && lastInstant[s] >= instants[0] && lastInstant[s] < instants[1]) instant = instants[1];
    rows.timestamps[i] = instant;
    const offset = (wall - instant) / MS_PER_MINUTE;
    const before = lastOffset[s];
    if (before === before && before !== offset) {
      const key = `${before}>${offset}@${Math.floor(instant / MS_PER_DAY)}`;
      if (!reported.has(key)) {
        reported.add(key);
        const change = `clocks in ${zoneName} go ${offset > before ? 'forward' : 'back'} from ${formatOffset(before)} to ${formatOffset(offset)} between rows ${lastLine[s]} and ${line}`;
        const rule =
          offset > before
            ? 'the skipped local hour is not a gap: the series runs on in UTC'
            : 'the repeated local hour is read first as the earlier offset, then as the later one, so both stay as consecutive UTC times';
        warnings.push({ row: line, column, message: `${where(line, column)}${change}; ${rule}` });
      }
    }
    lastInstant[s] = instant;
    lastOffset[s] = offset;
    lastLine[s] = line;
  }
}
