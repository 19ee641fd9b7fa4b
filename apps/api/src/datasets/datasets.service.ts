import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { columnMappingSchema, gridTimestamps, JOBS, type Dataset, type SeriesPoints, type SeriesSummary } from '@foretell/contracts';
import { appendUploadChunk, decodeValues, endUpload, type Database, type PrismaClient } from '@foretell/db';
import type { Queue, QueueEvents } from '@foretell/queue';
import { API_ENV, type ApiEnv } from '../env';
import { DATABASE, INGEST_EVENTS, INGEST_QUEUE, PRISMA } from '../infra/infra.module';
import { profileOf, toDataset, toSeriesSummary } from './dataset.mapper';
import { PayloadTooLargeError, readMultipartUpload } from './multipart-upload';

/** Raw upload bytes per stored chunk: large enough for few round trips, small enough to keep memory flat. */
const CHUNK_BYTES = 1 << 20;

export type UploadOutcome = { status: 201 | 202; dataset: Dataset };

@Injectable()
export class DatasetsService {
  constructor(
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(INGEST_QUEUE) private readonly ingestQueue: Queue,
    @Inject(INGEST_EVENTS) private readonly ingestEvents: QueueEvents,
  ) {}

  /**
   * Streams the CSV into Postgres in chunks while the ingest job parses them as they land, then waits for the job up
   * to INGEST_WAIT_MS: 201 when ready, 400 with the rows at fault (and nothing kept) when the file must be fixed,
   * 202 while a large file is still ingesting (poll the dataset's status).
   */
  async upload(req: IncomingMessage): Promise<UploadOutcome> {
    const { datasetId, job } = await readMultipartUpload(req, this.env.UPLOAD_MAX_BYTES, async ({ filename, fields, chunks, truncated }) => {
      const mapping = parseMapping(fields.mapping);
      const name = (fields.name?.trim() || filename.replace(/\.[^.]+$/, '') || 'dataset').slice(0, 200);
      const dataset = await this.prisma.dataset.create({
        data: { name, mapping: mapping ?? undefined, uploads: { create: { kind: 'create' } } },
        include: { uploads: true },
      });
      const uploadId = dataset.uploads[0]!.id;
      try {
        const job = await this.ingestQueue.add(JOBS.ingestDataset, { datasetId: dataset.id, uploadId }, { jobId: uploadId });
        const bytes = await this.storeChunks(uploadId, chunks);
        if (truncated()) throw new PayloadTooLargeError(this.env.UPLOAD_MAX_BYTES);
        if (bytes === 0) throw new BadRequestException({ message: 'The file is empty.', problems: [] });
        await this.prisma.$transaction([
          this.prisma.dataset.update({ where: { id: dataset.id }, data: { bytes } }),
          this.prisma.datasetUpload.update({ where: { id: uploadId }, data: { bytes } }),
        ]);
        return { datasetId: dataset.id, job };
      } catch (error) {
        // Deleting the dataset also tells its ingest job the upload was abandoned.
        await this.prisma.dataset.delete({ where: { id: dataset.id } }).catch(() => undefined);
        throw error;
      }
    });

    if (this.env.INGEST_WAIT_MS > 0) {
      await job.waitUntilFinished(this.ingestEvents, this.env.INGEST_WAIT_MS).catch(() => undefined);
    }
    const row = await this.prisma.dataset.findUniqueOrThrow({ where: { id: datasetId } });
    const dataset = toDataset(row);
    if (dataset.status === 'failed') {
      await this.prisma.dataset.delete({ where: { id: datasetId } });
      throw new BadRequestException({ message: dataset.error ?? 'The file could not be read.', problems: dataset.problems });
    }
    return { status: dataset.status === 'ready' ? 201 : 202, dataset };
  }

  /** Stores the upload in chunks, writing one while the next arrives (one write in flight), then marks its end. */
  private async storeChunks(uploadId: string, chunks: AsyncIterable<Buffer>): Promise<number> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let total = 0;
    let writing: Promise<void> = Promise.resolve();
    let failure: unknown;
    const flush = async () => {
      await writing;
      if (failure) throw failure;
      if (pendingBytes === 0) return;
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      writing = appendUploadChunk(this.database.pool, uploadId, seq++, data).catch((error: unknown) => {
        failure = error;
      });
    };
    for await (const chunk of chunks) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      total += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    await flush(); // waits for the last write and surfaces its error
    await endUpload(this.database.pool, uploadId, seq);
    return total;
  }

  async list(): Promise<Dataset[]> {
    const rows = await this.prisma.dataset.findMany({ orderBy: { createdAt: 'desc' } });
    return rows.map(toDataset);
  }

  async get(id: string): Promise<Dataset> {
    return toDataset(await this.findOrThrow(id));
  }

  async remove(id: string): Promise<void> {
    await this.findOrThrow(id);
    await this.prisma.dataset.delete({ where: { id } });
  }

  async listSeries(id: string, search: string | undefined, limit: number): Promise<SeriesSummary[]> {
    const profile = profileOf(await this.findReady(id));
    const rows = await this.prisma.series.findMany({
      where: { datasetId: id, ...(search ? { key: { contains: search, mode: 'insensitive' } } : {}) },
      select: { key: true, start: true, length: true, missing: true },
      orderBy: { position: 'asc' },
      take: limit,
    });
    return rows.map((row) => toSeriesSummary(row, gridTimestamps(row.start, profile!.frequency, 1, row.length - 1)[0]!));
  }

  async getSeries(id: string, key: string): Promise<SeriesPoints> {
    const profile = profileOf(await this.findReady(id));
    const row = await this.prisma.series.findUnique({ where: { datasetId_key: { datasetId: id, key } } });
    if (!row) throw new NotFoundException(`Dataset ${id} has no series "${key}".`);
    const values = decodeValues(row.values);
    return {
      id: row.key,
      timestamps: gridTimestamps(row.start, profile!.frequency, row.length).map((d) => d.toISOString()),
      values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)),
    };
  }

  private async findOrThrow(id: string) {
    const row = await this.prisma.dataset.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`No dataset ${id}.`);
    return row;
  }

  private async findReady(id: string) {
    const row = await this.findOrThrow(id);
    if (row.status !== 'ready') throw new ConflictException(`Dataset ${id} is ${row.status}, not ready.`);
    return row;
  }
}

function parseMapping(text: string | undefined) {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadRequestException({ message: 'The "mapping" field is not valid JSON.', problems: [] });
  }
  const parsed = columnMappingSchema.safeParse(json);
  if (!parsed.success) {
    throw new BadRequestException({ message: `Invalid column mapping: ${parsed.error.issues[0]?.message}`, problems: [] });
  }
  return parsed.data;
}
