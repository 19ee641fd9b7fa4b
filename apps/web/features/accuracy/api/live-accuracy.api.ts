import {
  driftCheckPageSchema,
  modelLiveAccuracyPageSchema,
  seriesLiveAccuracyPageSchema,
  type DriftCheckPage,
  type ModelLiveAccuracyPage,
  type SeriesLiveAccuracyPage,
} from '@foretell/contracts';
import { apiRequest } from '../../../lib/http';

/** A page of a list: where it starts and how many it holds. */
export interface Paging {
  offset: number;
  limit: number;
}

const pageQuery = ({ offset, limit }: Paging, extra: Record<string, string> = {}) => `?${new URLSearchParams({ ...extra, offset: String(offset), limit: String(limit) })}`;
const datasetPath = (datasetId: string) => `/api/datasets/${encodeURIComponent(datasetId)}`;

export function listModelAccuracy(datasetId: string, paging: Paging, signal?: AbortSignal): Promise<ModelLiveAccuracyPage> {
  return apiRequest(`${datasetPath(datasetId)}/accuracy${pageQuery(paging)}`, modelLiveAccuracyPageSchema, { signal });
}

export function listSeriesAccuracy(datasetId: string, runModelId: string, paging: Paging, signal?: AbortSignal): Promise<SeriesLiveAccuracyPage> {
  return apiRequest(`${datasetPath(datasetId)}/accuracy/series${pageQuery(paging, { runModelId })}`, seriesLiveAccuracyPageSchema, { signal });
}

export function listDriftChecks(datasetId: string, paging: Paging, signal?: AbortSignal): Promise<DriftCheckPage> {
  return apiRequest(`${datasetPath(datasetId)}/drift-checks${pageQuery(paging)}`, driftCheckPageSchema, { signal });
}
