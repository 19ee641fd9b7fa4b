import { DUPLICATE_POLICIES, RESAMPLE_AGGREGATES, type ColumnMapping, type FrequencyUnit } from '@foretell/contracts';
import { UsageError } from './cli-options';

/** The short units of `frequencyLabel` (1h, 15min, 1d, 1w, 1mo), as --resample takes them. */
const UNITS: Record<string, FrequencyUnit> = { s: 'second', min: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', q: 'quarter', y: 'year' };

/** `--duplicates POLICY`, `--resample 1d:sum` and `--sheet NAME` as the mapping's fields (absent when not given). */
export function aggregationMapping(v: { duplicates?: string; resample?: string; sheet?: string }): Pick<ColumnMapping, 'duplicates' | 'resample' | 'sheet'> {
  const out: Pick<ColumnMapping, 'duplicates' | 'resample' | 'sheet'> = {};
  if (v.duplicates !== undefined) {
    if (!(DUPLICATE_POLICIES as readonly string[]).includes(v.duplicates)) {
      throw new UsageError(`--duplicates must be one of ${DUPLICATE_POLICIES.join(', ')}, got "${v.duplicates}"`);
    }
    out.duplicates = v.duplicates as ColumnMapping['duplicates'];
  }
  if (v.resample !== undefined) {
    const match = /^(\d*)(s|min|h|d|w|mo|q|y):(\w+)$/.exec(v.resample);
    if (!match || !(RESAMPLE_AGGREGATES as readonly string[]).includes(match[3]) || match[1] === '0') {
      throw new UsageError(`--resample takes a frequency and ${RESAMPLE_AGGREGATES.join(' or ')}, e.g. 1d:sum, 1w:mean or 1h:sum; got "${v.resample}"`);
    }
    const frequency = { unit: UNITS[match[2]], step: match[1] === '' ? 1 : Number(match[1]) };
    out.resample = { frequency, aggregate: match[3] as 'sum' | 'mean' };
  }
  if (v.sheet !== undefined) out.sheet = v.sheet;
  return out;
}
