import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import {
  columnMappingSchema,
  gridTimestamps,
  type Dataset,
  type DatasetUpload,
  type SeriesPoints,
  type SeriesSummary,
} from '@foretell/contracts';
import { decodeValues, type Database, type PrismaClient } from '@foretell/db';
import type { Queue, QueueEvents } from '@foretell/queue';
import { API_ENV, type ApiEnv } from '../env';
import { DATABASE, INGEST_EVENTS, INGEST_QUEUE, PRISMA } from '../infra/infra.module';
import { profileOf, toDataset, toSeriesSummary } from './dataset.mapper';
import { DatasetAppends, type AppendOutcome } from './dataset-appends';
import { readMultipartUpload } from './multipart-upload';
import { UploadReceiver } from './upload-receiver';

export type UploadOutcome = { status: 201 | 202; dataset: Dataset };

@Injectable()
export class DatasetsService {
  private readonly receiver: UploadReceiver;
  private readonly appends: DatasetAppends;

  constructor(
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(DATABASE) database: Database,
    @Inject(INGEST_QUEUE) ingestQueue: Queue,
    @Inject(INGEST_EVENTS) ingestEvents: QueueEvents,
  ) {
    this.receiver = new UploadReceiver(database, ingestQueue, ingestEvents, {
      maxBytes: env.UPLOAD_MAX_BYTES,
      waitMs: env.INGEST_WAIT_MS,
    });
    this.appends = new DatasetAppends(this.prisma, this.receiver, env.UPLOAD_MAX_BYTES);
  }

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
      try {
        const { job, bytes } = await this.receiver.receive({ datasetId: dataset.id, uploadId: dataset.uploads[0]!.id }, { chunks, truncated });
        await this.prisma.dataset.update({ where: { id: dataset.id }, data: { bytes } });
        return { datasetId: dataset.id, job };
      } catch (error) {
        // Deleting the dataset also tells its ingest job the upload was abandoned.
        await this.prisma.dataset.delete({ where: { id: dataset.id } }).catch(() => undefined);
        throw error;
      }
    });

    await this.receiver.waitForIngest(job);
    const row = await this.prisma.dataset.findUniqueOrThrow({ where: { id: datasetId } });
    const dataset = toDataset(row);
    if (dataset.status === 'failed') {
      await this.prisma.dataset.delete({ where: { id: datasetId } });
      throw new BadRequestException({ message: dataset.error ?? 'The file could not be read.', problems: dataset.problems });
    }
    return { status: dataset.status === 'ready' ? 201 : 202, dataset };
  }

  /** Appends the rows of a CSV to a ready dataset (see DatasetAppends). */
  appendRows(id: string, req: IncomingMessage): Promise<AppendOutcome> {
    return this.appends.append(id, req);
  }

  async listUploads(id: string): Promise<DatasetUpload[]> {
    await this.findOrThrow(id);
    return this.appends.list(id);
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

export function parseMapping(text: string | undefined) {
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
