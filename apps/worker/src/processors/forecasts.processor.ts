import { forecastFromModelJobSchema } from '@foretell/contracts';
import { defineProcessor } from '@foretell/queue';
import { forecastFromModel } from '../registry/forecast-from-model';
import { sandboxDatabase } from './sandbox';

/** Sandboxed with the fits: restoring a network and forecasting thousands of series is CPU-bound. */
export default defineProcessor(forecastFromModelJobSchema, (data) => forecastFromModel(sandboxDatabase(), data));
