import type { ModelForecast, ModelForecastRequest, TrainedModel } from '@foretell/contracts';
import { apiCall } from '../../../lib/http';

export function listModels(filter: { datasetId?: string; champion?: boolean }, signal?: AbortSignal): Promise<TrainedModel[]> {
  // Absent rather than empty or 'false': the API reads a missing filter as "all".
  const query = { datasetId: filter.datasetId || undefined, champion: filter.champion || undefined };
  return apiCall('listModels', { query }, { signal });
}

/** Forecasts from a saved model on the dataset's current rows, without retraining. */
export function forecastFromModel(id: string, body: ModelForecastRequest, signal?: AbortSignal): Promise<ModelForecast> {
  return apiCall('forecastFromModel', { params: { id }, body }, { signal });
}
