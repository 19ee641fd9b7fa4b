import { modelForecastSchema, trainedModelSchema, type ModelForecast, type ModelForecastRequest, type TrainedModel } from '@foretell/contracts';
import { apiRequest } from '../../../lib/http';

export function listModels(filter: { datasetId?: string; champion?: boolean }, signal?: AbortSignal): Promise<TrainedModel[]> {
  const query = new URLSearchParams();
  if (filter.datasetId) query.set('datasetId', filter.datasetId);
  if (filter.champion) query.set('champion', 'true');
  const suffix = query.size ? `?${query}` : '';
  return apiRequest(`/api/models${suffix}`, trainedModelSchema.array(), { signal });
}

/** Forecasts from a saved model on the dataset's current rows, without retraining. */
export function forecastFromModel(id: string, body: ModelForecastRequest, signal?: AbortSignal): Promise<ModelForecast> {
  return apiRequest(`/api/models/${encodeURIComponent(id)}/forecast`, modelForecastSchema, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}
