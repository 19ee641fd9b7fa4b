import {
  runEventSchema,
  runSchema,
  seriesBacktestSchema,
  seriesForecastSchema,
  type CreateRunBody,
  type ExportKind,
  type Run,
  type RunEvent,
  type SeriesBacktest,
  type SeriesForecast,
} from '@foretell/contracts';
import { apiRequest } from '../../../lib/http';

export function createRun(body: CreateRunBody): Promise<Run> {
  return apiRequest('/api/runs', runSchema, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function listRuns(datasetId?: string, signal?: AbortSignal): Promise<Run[]> {
  const query = datasetId ? `?${new URLSearchParams({ datasetId })}` : '';
  return apiRequest(`/api/runs${query}`, runSchema.array(), { signal });
}

export function getRun(id: string, signal?: AbortSignal): Promise<Run> {
  return apiRequest(`/api/runs/${encodeURIComponent(id)}`, runSchema, { signal });
}

export function getForecasts(id: string, seriesId: string, signal?: AbortSignal): Promise<SeriesForecast[]> {
  const query = new URLSearchParams({ seriesId });
  return apiRequest(`/api/runs/${encodeURIComponent(id)}/forecasts?${query}`, seriesForecastSchema.array(), { signal });
}

/** What each model forecast from each backtest origin of one series, beside the actuals. */
export function getBacktests(id: string, seriesId: string, signal?: AbortSignal): Promise<SeriesBacktest[]> {
  const query = new URLSearchParams({ seriesId });
  return apiRequest(`/api/runs/${encodeURIComponent(id)}/backtests?${query}`, seriesBacktestSchema.array(), { signal });
}

/** Stops a queued or running run; the API answers with the run, now cancelled (409 when it already ended). */
export function cancelRun(id: string): Promise<Run> {
  return apiRequest(`/api/runs/${encodeURIComponent(id)}/cancel`, runSchema, { method: 'POST' });
}

/** The CSV download of a run's forecasts or backtests (the API names the file). */
export function exportUrl(id: string, what: ExportKind): string {
  return `/api/runs/${encodeURIComponent(id)}/export?${new URLSearchParams({ what })}`;
}

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
