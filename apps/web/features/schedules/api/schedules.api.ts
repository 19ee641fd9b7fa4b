import { scheduleSchema, type CreateScheduleBody, type Schedule, type UpdateScheduleBody } from '@foretell/contracts';
import { apiRequest } from '../../../lib/http';

export function listSchedules(datasetId?: string, signal?: AbortSignal): Promise<Schedule[]> {
  const query = datasetId ? `?${new URLSearchParams({ datasetId })}` : '';
  return apiRequest(`/api/schedules${query}`, scheduleSchema.array(), { signal });
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export function createSchedule(body: CreateScheduleBody): Promise<Schedule> {
  return apiRequest('/api/schedules', scheduleSchema, json('POST', body));
}

export function updateSchedule(id: string, body: UpdateScheduleBody): Promise<Schedule> {
  return apiRequest(`/api/schedules/${encodeURIComponent(id)}`, scheduleSchema, json('PATCH', body));
}

export function deleteSchedule(id: string): Promise<void> {
  return apiRequest(`/api/schedules/${encodeURIComponent(id)}`, null, { method: 'DELETE' });
}

/** Fires the schedule once now, beside its timing (POST /api/schedules/:id/run); the run appears in its history. */
export function runScheduleNow(id: string): Promise<Schedule> {
  return apiRequest(`/api/schedules/${encodeURIComponent(id)}/run`, scheduleSchema, { method: 'POST' });
}
