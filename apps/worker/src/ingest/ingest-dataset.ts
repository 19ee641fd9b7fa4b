import { CsvIngestError, ingestCsv } from '@foretell/ingest';
import { columnMappingSchema } from '@foretell/contracts';
import { encodeValues, type PrismaClient } from '@foretell/db';
import { UserError } from '@foretell/queue';

/**
 * Parses a dataset's uploaded chunks and stores its series, all or nothing: on success the series, the profile and
 * the `ready` status are written in one transaction; on a file the user must fix, the dataset is marked `failed` with
 * the rows at fault and no series are kept. The raw chunks are deleted either way.
 */
export async function ingestDataset(prisma: PrismaClient, datasetId: string): Promise<{ series: number }> {
  const dataset = await prisma.dataset.findUnique({ where: { id: datasetId } });
  if (!dataset) throw new UserError(`Dataset ${datasetId} no longer exists.`);
  if (dataset.status === 'ready') return { series: await prisma.series.count({ where: { datasetId } }) };
  const mapping = dataset.mapping ? columnMappingSchema.parse(dataset.mapping) : undefined;

  let parsed;
  try {
    parsed = await ingestCsv(readChunks(prisma, datasetId), { mapping });
  } catch (error) {
    if (!(error instanceof CsvIngestError)) throw error;
    await prisma.$transaction([
      prisma.uploadChunk.deleteMany({ where: { datasetId } }),
      prisma.dataset.update({
        where: { id: datasetId },
        data: { status: 'failed', error: error.message, problems: error.problems },
      }),
    ]);
    throw new UserError(error.message);
  }

  await prisma.$transaction([
    // Idempotent: a retried job replaces what an interrupted attempt may have written.
    prisma.series.deleteMany({ where: { datasetId } }),
    prisma.series.createMany({
      data: parsed.series.map((s, position) => ({
        datasetId,
        key: s.key,
        position,
        start: s.start,
        length: s.values.length,
        missing: s.missing,
        values: encodeValues(s.values),
      })),
    }),
    prisma.uploadChunk.deleteMany({ where: { datasetId } }),
    prisma.dataset.update({
      where: { id: datasetId },
      data: { status: 'ready', profile: parsed.profile, problems: parsed.warnings.slice(0, 100), error: null },
    }),
  ]);
  return { series: parsed.series.length };
}

/** Streams the stored chunks in order, one at a time, so memory holds one chunk of raw text. */
async function* readChunks(prisma: PrismaClient, datasetId: string): AsyncGenerator<Uint8Array> {
  const seqs = await prisma.uploadChunk.findMany({ where: { datasetId }, select: { seq: true }, orderBy: { seq: 'asc' } });
  for (const { seq } of seqs) {
    const chunk = await prisma.uploadChunk.findUniqueOrThrow({ where: { datasetId_seq: { datasetId, seq } } });
    yield chunk.data;
  }
}
