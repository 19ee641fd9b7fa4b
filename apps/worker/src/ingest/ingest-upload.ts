import { failIngestedDataset, failUpload, uploadOutcome, type Database, type UploadRef } from '@foretell/db';
import { appendRows } from './append-rows';
import { ingestDataset } from './ingest-dataset';

/** An ingest job: a dataset's first file, or rows appended to it (the upload's kind says which). */
export async function ingestUpload(database: Database, ref: UploadRef, { onAppended, ...limits }: IngestOptions = {}): Promise<unknown> {
  if ((await kindOf(database, ref)) !== 'append') return ingestDataset(database, ref, limits);
  const summary = await appendRows(database, ref, limits);
  // Also on a retry that found the append done: what follows it may not have been started.
  if (summary.changed) await onAppended?.(ref);
  return summary;
}

export interface IngestOptions extends IngestLimits {
  /** Called once rows are appended (the append is stored): its actuals are to score the stored forecasts. */
  onAppended?: (ref: UploadRef) => Promise<void>;
}

/**
 * What the installation allows one file to hold (UPLOAD_MAX_ROWS), a workbook to inflate to (UPLOAD_MAX_WORKBOOK_BYTES)
 * and a dataset to hold (UPLOAD_MAX_SERIES, UPLOAD_MAX_POINTS).
 */
export interface IngestLimits {
  maxRows?: number;
  maxSeries?: number;
  maxPoints?: number;
  maxWorkbookBytes?: number;
}

/**
 * Once a job's retries are spent on an error that is not the file's: a first upload fails its dataset, an append
 * fails only itself (the dataset keeps the data it had). `message` is what the user reads (`publicError`'s: the
 * error's own text, a database's or a library's, is for the operator, logged under the reference it names).
 */
export async function failUploadJob(database: Database, ref: UploadRef, message: string): Promise<void> {
  const failure = { error: message, problems: [] };
  if ((await kindOf(database, ref)) !== 'append') return failIngestedDataset(database.pool, ref, failure);
  // An append already stored stays ready: only what follows it (queueing its scoring) failed.
  if ((await uploadOutcome(database.pool, ref.uploadId))?.status === 'ready') return;
  await failUpload(database.pool, ref.uploadId, failure);
}

async function kindOf({ prisma }: Database, { uploadId }: UploadRef) {
  const upload = await prisma.datasetUpload.findUnique({ where: { id: uploadId }, select: { kind: true } });
  return upload?.kind ?? 'create';
}
