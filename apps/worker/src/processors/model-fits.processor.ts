import { fitModelJobSchema } from '@foretell/contracts';
import { failModel, noteModelCancelled, requeueModel } from '@foretell/db';
import { defineProcessor, isFinalAttempt, publicError, UnrecoverableError, WaitingError } from '@foretell/queue';
import { FitCancelledError, FitHandedBackError, fitModel } from '../runs/fit-model';
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
      await requeueModel(prisma, data.runModelId);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (error instanceof FitCancelledError) {
      await noteModelCancelled(prisma, data.runModelId, error.message);
      throw new UnrecoverableError(error.message);
    }
    const model = await prisma.runModel.findUnique({ where: { id: data.runModelId }, select: { kind: true } }).catch(() => null);
    const shown = publicError(error, `fitting ${model?.kind ?? 'the model'}`, job);
    if (isFinalAttempt(job, shown)) await failModel(prisma, data.runModelId, shown.message);
    throw shown;
  }
});
