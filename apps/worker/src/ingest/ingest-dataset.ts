import type { IngestLimits } from './ingest-upload';
import { CsvIngestError, ingestCsv } from '@foretell/ingest';
import { columnMappingSchema } from '@foretell/contracts';
import { failIngestedDataset, readUploadChunks, storeIngestedDataset, UploadAbortedError, type Database, type UploadRef } from '@foretell/db';
import { UserError } from '@foretell/queue';

/**
 * Parses a dataset's upload as its chunks arrive and stores its series, all or nothing: on success the series, the profile and
 * the `ready` status are written in one transaction; on a file the user must fix, the dataset is marked `failed` with
 * the rows at fault and no series are kept. The raw chunks are deleted either way.
 */
export async function ingestDataset({ prisma, pool }: Database, ref: UploadRef, { maxRows, maxSeries, maxPoints, maxWorkbookBytes }: IngestLimits = {}): Promise<{ series: number }> {
  const { datasetId, uploadId } = ref;
  const dataset = await prisma.dataset.findUnique({ where: { id: datasetId } });
  if (!dataset) throw new UserError(`Dataset ${datasetId} no longer exists.`);
  if (dataset.status === 'ready') return { series: await prisma.series.count({ where: { datasetId } }) };
  const mapping = dataset.mapping ? columnMappingSchema.parse(dataset.mapping) : undefined;

  let parsed;
  try {
    parsed = await ingestCsv(readUploadChunks(pool, uploadId), { mapping, maxRows, maxSeries, maxPoints, maxWorkbookBytes });
  } catch (error) {
    if (!(error instanceof CsvIngestError || error instanceof UploadAbortedError)) throw error;
    const problems = error instanceof CsvIngestError ? error.problems : [];
    await failIngestedDataset(pool, ref, { error: error.message, problems });
    throw new UserError(error.message);
  }
  try {
    await storeIngestedDataset(pool, ref, {
      series: parsed.series,
      profile: parsed.profile,
      warnings: parsed.warnings.slice(0, 100),
    });
  } catch (error) {
    // Deleted by its owner meanwhile: nothing is left to ingest into, and a retry would fail the same way.
    if (!(await prisma.dataset.count({ where: { id: datasetId } }))) throw new UserError(`Dataset ${datasetId} was deleted while it was being ingested.`);
    throw error;
  }
  return { series: parsed.series.length };
}
