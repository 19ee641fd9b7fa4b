import { ingestJobSchema } from '@foretell/contracts';
import { failIngestedDataset } from '@foretell/db';
import { defineProcessor, isFinalAttempt } from '@foretell/queue';
import { ingestDataset } from '../ingest/ingest-dataset';
import { sandboxDatabase } from './sandbox';

/** Sandboxed: parsing a large CSV is CPU-bound and must not stall the worker's lock renewal. */
export default defineProcessor(ingestJobSchema, async (ref, job) => {
  const database = sandboxDatabase();
  try {
    return await ingestDataset(database, ref);
  } catch (error) {
    // A file the user must fix is already marked failed with its rows; anything else fails the dataset once retries
    // are spent, so it never stays `ingesting`.
    if (isFinalAttempt(job, error) && !(error instanceof Error && error.name === 'UserError')) {
      const reason = error instanceof Error ? error.message : String(error);
      await failIngestedDataset(database.pool, ref, { error: `Ingestion failed: ${reason}`, problems: [] });
    }
    throw error;
  }
});
