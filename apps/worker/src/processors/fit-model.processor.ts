import { fitModelJobSchema } from '@foretell/contracts';
import { defineProcessor, isFinalAttempt } from '@foretell/queue';
import { fitModel, markModelFailed } from '../runs/fit-model';
import { sandboxDatabase } from './sandbox';

/** Sandboxed: training is CPU-bound and runs in a child process so the worker keeps renewing its locks. */
export default defineProcessor(fitModelJobSchema, async (data, job) => {
  const database = sandboxDatabase();
  try {
    return await fitModel(database, job, data);
  } catch (error) {
    if (isFinalAttempt(job, error)) await markModelFailed(database.prisma, data.runModelId, error);
    throw error;
  }
});
