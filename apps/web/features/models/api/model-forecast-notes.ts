import type { ModelForecast } from '@foretell/contracts';

/** Series named in full before the rest are counted. */
const NAMED = 5;

/**
 * What the saved-model forecast view says beside the numbers: the worker's notes (intervals past the calibrated
 * horizon), then the series the forecast left out, by reason, so a series missing from the list never goes unexplained.
 */
export function modelForecastNotes({ notes, omitted }: ModelForecast): string[] {
  const byReason = new Map<string, string[]>();
  for (const { seriesId, reason } of omitted) {
    const keys = byReason.get(reason) ?? [];
    keys.push(seriesId);
    byReason.set(reason, keys);
  }
  const left = [...byReason].map(([reason, keys]) => {
    const named = keys.slice(0, NAMED).join(', ');
    const which = keys.length === 1 ? named : `${keys.length} series (${named}${keys.length > NAMED ? ` and ${keys.length - NAMED} more` : ''})`;
    return `Not forecast: ${which}, ${reason}.`;
  });
  return [...notes, ...left];
}
