import type { IngestLimits } from './ingest-upload';
import { appendAdvice, appendWarnings, CsvIngestError, ingestCsv, mergeAppend, seriesLimitHint, type ParsedDataset } from '@foretell/ingest';
import { columnMappingSchema, datasetProfileSchema, type AppendSummary, type ColumnMapping, type DatasetProfile } from '@foretell/contracts';
import {
  failUpload,
  inTransaction,
  loadDatasetSeries,
  lockDataset,
  readUploadChunks,
  storeAppend,
  UploadAbortedError,
  uploadOutcome,
  type Database,
  type Queryable,
  type UploadRef,
} from '@foretell/db';
import { UserError } from '@foretell/queue';

/**
 * Appends an upload's rows to its dataset (see `mergeAppend` for what happens to overlaps, gaps and new series). The
 * file is parsed with the dataset's columns and on its grid; then, in one transaction with the dataset row locked, the
 * changed series, the profile, version + 1 and the content hash (only when something changed) and the upload's summary
 * are written. A file the user must fix fails the upload alone: the dataset stays as it was. A retried job whose upload
 * is already finished does nothing again.
 */
export async function appendRows({ prisma, pool }: Database, ref: UploadRef, { maxRows, maxSeries = Infinity, maxPoints, maxWorkbookBytes }: IngestLimits = {}): Promise<AppendSummary> {
  const { datasetId, uploadId } = ref;
  const done = await finished(pool, uploadId);
  if (done) return done;
  const dataset = await prisma.dataset.findUnique({ where: { id: datasetId } });
  if (!dataset) throw new UserError(`Dataset ${datasetId} no longer exists.`);
  if (dataset.status !== 'ready' || !dataset.profile) {
    return refuse(pool, uploadId, { error: `Rows can only be appended to a ready dataset; this one is ${dataset.status}.`, problems: [] });
  }
  const profile = datasetProfileSchema.parse(dataset.profile);
  const mapping = appendMapping(profile, dataset.mapping ? columnMappingSchema.parse(dataset.mapping) : undefined);

  let parsed: ParsedDataset;
  try {
    parsed = await ingestCsv(readUploadChunks(pool, uploadId), { mapping, frequency: profile.frequency, maxRows, maxSeries, maxPoints, maxWorkbookBytes, advice: appendAdvice(mapping) });
  } catch (error) {
    if (!(error instanceof CsvIngestError || error instanceof UploadAbortedError)) throw error;
    return refuse(pool, uploadId, { error: error.message, problems: error instanceof CsvIngestError ? error.problems : [] });
  }

  type Outcome = { summary: AppendSummary } | { failure: { error: string; problems: CsvIngestError['problems'] } };
  const outcome = await inTransaction(pool, async (client): Promise<Outcome> => {
    const locked = await lockDataset(client, datasetId);
    if (!locked) throw new UserError(`Dataset ${datasetId} no longer exists.`);
    const again = await finished(client, uploadId);
    if (again) return { summary: again };
    // Read under the lock: this is the content the append builds on.
    const current = datasetProfileSchema.parse(locked.profile);
    const stored = await loadDatasetSeries(client, datasetId);
    let result;
    try {
      result = mergeAppend(current, stored, parsed, maxPoints);
    } catch (error) {
      if (!(error instanceof CsvIngestError)) throw error;
      return { failure: { error: error.message, problems: error.problems } };
    }
    const { series, summary } = result;
    if (series.length > maxSeries) {
      const error = `With this file the dataset would hold ${series.length} series; ${seriesLimitHint(maxSeries)}`;
      return { failure: { error, problems: [{ row: null, column: null, message: error }] } };
    }
    const change = summary.changed
      ? {
          updated: series.flatMap((s, i) => (s.change === 'updated' ? [{ id: stored[i].id, values: s.values }] : [])),
          added: series.filter((s) => s.change === 'added'),
          firstPosition: stored.length,
          all: series,
          profile: result.profile,
        }
      : null;
    await storeAppend(client, ref, change, { summary, warnings: appendWarnings(parsed.warnings).slice(0, 100) });
    return { summary };
  });
  if ('failure' in outcome) return refuse(pool, uploadId, outcome.failure);
  return outcome.summary;
}

/**
 * The columns of an append: the dataset's own mapping where it has one, else the columns its first file was read with,
 * so the new file is read the same way (a wide file's new columns become new series; day-month dates keep the order
 * the first file decided, so a few rows with days ≤ 12 are not ambiguous).
 */
export function appendMapping(profile: DatasetProfile, stored: ColumnMapping | undefined): ColumnMapping {
  const { timestamp, seriesId, values } = profile.columns;
  const fromProfile: ColumnMapping =
    profile.layout === 'wide'
      ? { layout: 'wide', timestamp }
      : { layout: 'long', timestamp, value: values[0], ...(seriesId ? { seriesId } : {}) };
  if (profile.dateOrder && !stored?.timestampFormat) fromProfile.dateOrder = profile.dateOrder;
  return { ...fromProfile, ...stored };
}

async function finished(db: Queryable, uploadId: string): Promise<AppendSummary | null> {
  const upload = await uploadOutcome(db, uploadId);
  if (!upload) throw new UserError('The upload was abandoned before it completed.');
  if (upload.status === 'failed') throw new UserError(upload.error ?? 'The upload failed.');
  return upload.status === 'ready' ? (upload.summary as AppendSummary) : null;
}

async function refuse(pool: Database['pool'], uploadId: string, failure: { error: string; problems: CsvIngestError['problems'] }): Promise<never> {
  await failUpload(pool, uploadId, failure);
  throw new UserError(failure.error);
}
