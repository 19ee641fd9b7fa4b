import { fitModelJobSchema } from '@foretell/contracts';
import { defineProcessor, isFinalAttempt, UnrecoverableError, WaitingError } from '@foretell/queue';
import { FitCancelledError, FitHandedBackError, fitModel, markModelFailed, markModelRequeued } from '../runs/fit-model';
import { sandboxDatabase } from './sandbox';

/** Sandboxed: training is CPU-bound and runs in a child process so the worker keeps renewing its locks. */
export default defineProcessor(fitModelJobSchema, async (data, job, { token, signal }) => {
  const database = sandboxDatabase();
  const { prisma } = database;
  try {
    return await fitModel(database, job, data, signal);
  } catch (error) {
    if (error instanceof FitHandedBackError) {
      // Back to the queue without using an attempt; another worker (or this one, restarted) takes it.
      await markModelRequeued(prisma, data.runModelId);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (error instanceof FitCancelledError) {
      await prisma.runModel.updateMany({
        where: { id: data.runModelId, status: 'cancelled' },
        data: { message: error.message, finishedAt: new Date() },
      });
      throw new UnrecoverableError(error.message);
    }
    if (isFinalAttempt(job, error)) await markModelFailed(prisma, data.runModelId, error);
    throw error;
  }
});
