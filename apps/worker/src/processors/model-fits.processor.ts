import { fitModelJobSchema, fitShardJobSchema } from '@foretell/contracts';
import { failModel, noteModelCancelled, requeueModel } from '@foretell/db';
import { defineProcessor, isFinalAttempt, publicError, UnrecoverableError, WaitingError } from '@foretell/queue';
import { z } from 'zod';
import { FitCancelledError, FitHandedBackError, fitModel } from '../runs/fit-model';
import { fitShard } from '../runs/fit-shard';
import { sandboxDatabase } from './sandbox';

/** A model's fit (or the merge of its shards), or one of its shards. */
const fitJobSchema = z.union([fitShardJobSchema, fitModelJobSchema]);

/** Sandboxed: training is CPU-bound and runs in a child process so the worker keeps renewing its locks. */
export default defineProcessor(fitJobSchema, async (data, job, { token, signal }) => {
  const database = sandboxDatabase();
  const { prisma } = database;
  const shard = 'index' in data;
  try {
    return await (shard ? fitShard(database, job, data, signal) : fitModel(database, job, data, signal));
  } catch (error) {
    if (error instanceof FitHandedBackError) {
      // Back to the queue without using an attempt; another worker (or this one, restarted) takes it. A shard's
      // siblings may still run: its model stays running.
      if (!shard) await requeueModel(prisma, data.runModelId);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (error instanceof FitCancelledError) {
      await noteModelCancelled(prisma, data.runModelId, error.message, error.report);
      throw new UnrecoverableError(error.message);
    }
    const model = await prisma.runModel.findUnique({ where: { id: data.runModelId }, select: { kind: true } }).catch(() => null);
    const shown = publicError(error, `fitting ${model?.kind ?? 'the model'}`, job);
    if (isFinalAttempt(job, shown)) await failModel(prisma, data.runModelId, shown.message);
    throw shown;
  }
});
