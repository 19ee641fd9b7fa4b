import { finishRunJobSchema } from '@foretell/contracts';
import { defineProcessor } from '@foretell/queue';
import { combineEnsembles } from '../runs/combine-ensembles';
import { finishRun } from '../runs/finish-run';
import { scoreAfterRun } from '../accuracy/score-after-run';
import { announceRunOutcome, recordRunResults } from '../schedules/run-outcome';
import type { InProcessContext } from './in-process-context';

/**
 * In-process: a run's parent job, once every fit job has ended, combines its ensembles, ranks its models and ends it,
 * then announces the outcome (champion and comparison are written as it completes; webhooks follow), and scores
 * forecasts whose actuals an append brought while it ran.
 */
export default ({ db, queues }: InProcessContext) =>
  defineProcessor(finishRunJobSchema, async (data) => {
    await combineEnsembles(db, data.runId);
    const result = await finishRun(db.prisma, data, recordRunResults);
    await announceRunOutcome(db.prisma, queues, data.runId);
    await scoreAfterRun(db.prisma, queues.liveAccuracy, data.runId);
    return result;
  });
