import {
  runEventSchema,
  type CreateRunBody,
  type ExportKind,
  type Run,
  type RunEvent,
  type SeriesBacktest,
  type SeriesForecast,
} from '@foretell/contracts';
import { apiCall } from '../../../lib/http';

export function createRun(body: CreateRunBody): Promise<Run> {
  return apiCall('createRun', { body });
}

export function listRuns(datasetId?: string, signal?: AbortSignal): Promise<Run[]> {
  return apiCall('listRuns', { query: { datasetId: datasetId || undefined } }, { signal });
}

export function getRun(id: string, signal?: AbortSignal): Promise<Run> {
  return apiCall('getRun', { params: { id } }, { signal });
}

export function getForecasts(id: string, seriesId: string, signal?: AbortSignal): Promise<SeriesForecast[]> {
  return apiCall('runForecasts', { params: { id }, query: { seriesId } }, { signal });
}

/** What each model forecast from each backtest origin of one series, beside the actuals. */
export function getBacktests(id: string, seriesId: string, signal?: AbortSignal): Promise<SeriesBacktest[]> {
  return apiCall('runBacktests', { params: { id }, query: { seriesId } }, { signal });
}

/** Stops a queued or running run; the API answers with the run, now cancelled (409 when it already ended). */
export function cancelRun(id: string): Promise<Run> {
  return apiCall('cancelRun', { params: { id } });
}

/** The CSV download of a run's forecasts or backtests (the API names the file); a link, so not through apiCall. */
export function exportUrl(id: string, what: ExportKind): string {
  return `/api/runs/${encodeURIComponent(id)}/export?${new URLSearchParams({ what })}`;
}

/** The server-sent events stream, read by an EventSource (the typed client answers JSON only). */
export function runEventsUrl(id: string): string {
  return `/api/runs/${encodeURIComponent(id)}/events`;
}

/** One `data:` payload of the events stream, or null when it is not a run event (comments, keep-alives, junk). */
export function parseRunEvent(data: string): RunEvent | null {
  try {
    const parsed = runEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
