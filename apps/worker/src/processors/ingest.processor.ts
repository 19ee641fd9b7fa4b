import { ingestJobSchema, JOBS, type ScoreActualsJob } from '@foretell/contracts';
import { defineProcessor, isFinalAttempt, publicError, scoreActualsJobId } from '@foretell/queue';
import { failUploadJob, ingestUpload } from '../ingest/ingest-upload';
import { loadEnv } from '../env';
import { sandboxDatabase, sandboxQueues } from './sandbox';

/** Sandboxed: parsing a large CSV is CPU-bound and must not stall the worker's lock renewal. */
export default defineProcessor(ingestJobSchema, async (ref, job) => {
  const database = sandboxDatabase();
  try {
    const env = loadEnv();
    return await ingestUpload(database, ref, {
      maxRows: env.UPLOAD_MAX_ROWS,
      maxSeries: env.UPLOAD_MAX_SERIES,
      maxPoints: env.UPLOAD_MAX_POINTS,
      maxWorkbookBytes: env.UPLOAD_MAX_WORKBOOK_BYTES,
      // Its own job: a failure to score must not fail an append already stored, and is retried on its own.
      onAppended: async (appended) => {
        const data: ScoreActualsJob = appended;
        await sandboxQueues().liveAccuracy.add(JOBS.scoreActuals, data, { jobId: scoreActualsJobId(appended.uploadId) });
      },
    });
  } catch (error) {
    // A file the user must fix is already marked failed with its rows; anything else fails the upload once retries
    // are spent, so it never stays `ingesting`.
    const shown = publicError(error, 'ingesting the upload', job);
    if (isFinalAttempt(job, shown) && !(error instanceof Error && error.name === 'UserError')) await failUploadJob(database, ref, shown.message);
    throw shown;
  }
});
