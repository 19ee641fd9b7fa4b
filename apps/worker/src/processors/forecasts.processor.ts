import { forecastFromModelJobSchema } from '@foretell/contracts';
import { storeModelForecastAnswer } from '@foretell/db';
import { defineProcessor } from '@foretell/queue';
import { forecastFromModel } from '../registry/forecast-from-model';
import { sandboxDatabase } from './sandbox';

/**
 * Sandboxed with the fits: restoring a network and forecasting thousands of series is CPU-bound. The forecast goes to
 * Postgres for the waiting request (ModelForecastAnswer), not into the job's result, which Redis would keep.
 */
export default defineProcessor(forecastFromModelJobSchema, async (data, { id }) => {
  // The API names each forecast job (a UUID) and takes the answer stored under that name.
  if (!id) throw new Error('A forecast job without an id: its answer could not be found.');
  const database = sandboxDatabase();
  await storeModelForecastAnswer(database.pool, id, await forecastFromModel(database, data));
});
