import {
  runEventSchema,
  runSchema,
  seriesForecastSchema,
  type CreateRunBody,
  type Run,
  type RunEvent,
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
