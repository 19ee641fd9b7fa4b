import type { DriftCheckPage, ModelLiveAccuracyPage, SeriesLiveAccuracyPage } from '@foretell/contracts';
import { apiCall } from '../../../lib/http';

/** A page of a list: where it starts and how many it holds. */
export interface Paging {
  offset: number;
  limit: number;
}

export function listModelAccuracy(datasetId: string, paging: Paging, signal?: AbortSignal): Promise<ModelLiveAccuracyPage> {
  return apiCall('liveAccuracy', { params: { id: datasetId }, query: paging }, { signal });
}

export function listSeriesAccuracy(datasetId: string, runModelId: string, paging: Paging, signal?: AbortSignal): Promise<SeriesLiveAccuracyPage> {
  return apiCall('seriesLiveAccuracy', { params: { id: datasetId }, query: { runModelId, ...paging } }, { signal });
}

export function listDriftChecks(datasetId: string, paging: Paging, signal?: AbortSignal): Promise<DriftCheckPage> {
  return apiCall('driftChecks', { params: { id: datasetId }, query: paging }, { signal });
}
