import type { CreateScheduleBody, Schedule, UpdateScheduleBody } from '@foretell/contracts';
import { apiCall } from '../../../lib/http';

export function listSchedules(datasetId?: string, signal?: AbortSignal): Promise<Schedule[]> {
  return apiCall('listSchedules', { query: { datasetId: datasetId || undefined } }, { signal });
}

export function createSchedule(body: CreateScheduleBody): Promise<Schedule> {
  return apiCall('createSchedule', { body });
}

export function updateSchedule(id: string, body: UpdateScheduleBody): Promise<Schedule> {
  return apiCall('updateSchedule', { params: { id }, body });
}

export function deleteSchedule(id: string): Promise<void> {
  return apiCall('deleteSchedule', { params: { id } });
}

/** Fires the schedule once now, beside its timing (POST /api/schedules/:id/run); the run appears in its history. */
export function runScheduleNow(id: string): Promise<Schedule> {
  return apiCall('runScheduleNow', { params: { id } });
}
