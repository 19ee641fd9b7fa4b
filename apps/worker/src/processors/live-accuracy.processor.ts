import { scoreActualsJobSchema } from '@foretell/contracts';
import { defineProcessor } from '@foretell/queue';
import { checkLiveDrift } from '../accuracy/drift-checks';
import { scoreAppendedActuals } from '../accuracy/score-appended-actuals';
import { sandboxDatabase, sandboxQueues } from './sandbox';

/** Sandboxed: scoring reads every series with forecasts awaiting actuals. Repeatable: points and decisions are stored once. */
export default defineProcessor(scoreActualsJobSchema, async (job) => {
  const database = sandboxDatabase();
  const scored = await scoreAppendedActuals(database, job.datasetId, job.uploadId);
  const checks = await checkLiveDrift(database.prisma, sandboxQueues(), job);
  return { scored, checks };
});
