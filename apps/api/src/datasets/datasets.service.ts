import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import {
  columnMappingIssues,
  columnMappingSchema,
  datasetNameSchema,
  gridTimestamps,
  QUEUES,
  type Dataset,
  type ListSeriesQuery,
  type DatasetSummary,
  type DatasetUpload,
  type SeriesPoints,
  type SeriesSummary,
} from '@foretell/contracts';
import { timestampOptionProblems } from '@foretell/ingest';
import { decodeValues, type Database } from '@foretell/db';
import type { Queue, QueueEvents } from '@foretell/queue';
import { API_ENV, type ApiEnv } from '../env';
import type { Actor } from '../auth/actor';
import { RateLimiter } from '../auth/rate-limiter';
import { WorkspaceDb } from '../auth/workspace-db';
import { DATABASE, InjectQueue, InjectQueueEvents } from '../infra/infra.module';
import { profileOf, toDataset, toDatasetSummary, toSeriesSummary } from './dataset.mapper';
import { refuseUnsafeInput } from '../infra/unsafe-input.pipe';
import { whileDatasetExists } from '../infra/dataset-gone';
import { DatasetAppends, type AppendOutcome } from './dataset-appends';
import { readMultipartUpload, type UploadLimits } from './multipart-upload';
import { checkedFile } from './upload-file-check';
import { UploadReceiver } from './upload-receiver';

export type UploadOutcome = { status: 201 | 202; dataset: Dataset };

@Injectable()
export class DatasetsService {
  private readonly uploadLimits: UploadLimits;
  private readonly receiver: UploadReceiver;
  private readonly appends: DatasetAppends;

  constructor(
    @Inject(API_ENV) private readonly env: ApiEnv,
    private readonly db: WorkspaceDb,
    private readonly limiter: RateLimiter,
    @Inject(DATABASE) database: Database,
    @InjectQueue(QUEUES.ingest) ingestQueue: Queue,
    @InjectQueueEvents(QUEUES.ingest) ingestEvents: QueueEvents,
    @InjectQueue(QUEUES.schedules) private readonly schedulesQueue: Queue,
  ) {
    this.uploadLimits = { maxBytes: env.UPLOAD_MAX_BYTES, stallMs: env.UPLOAD_STALL_MS };
    this.receiver = new UploadReceiver(database, ingestQueue, ingestEvents, {
      maxBytes: env.UPLOAD_MAX_BYTES,
      waitMs: env.INGEST_WAIT_MS,
    });
    this.appends = new DatasetAppends(this.receiver, this.uploadLimits);
  }

  /**
   * Streams the CSV into Postgres in chunks, queues its ingest job once it is whole, then waits for the job up to
   * INGEST_WAIT_MS: 201 when ready, 400 with the rows at fault (and nothing kept) when the file must be fixed,
   * 202 while a large file is still ingesting (poll the dataset's status).
   */
  async upload(actor: Actor, req: IncomingMessage): Promise<UploadOutcome> {
    await this.limitUploads(actor);
    const db = this.db.for(actor);
    const { datasetId, job } = await readMultipartUpload(req, this.uploadLimits, async ({ filename, fields, chunks, truncated }) => {
      const mapping = parseMapping(fields.mapping);
      const given = fields.name?.trim();
      const name = datasetNameSchema.safeParse(given || filename.replace(/\.[^.]+$/, '') || 'dataset');
      if (!name.success) {
        // Named after the file when no name is given: say so, since the user never typed that name.
        const whose = given ? 'The dataset name' : `The dataset name taken from the file name ${JSON.stringify(filename.slice(0, 200))}`;
        const instead = given ? '' : ': give a name in the "name" field, or rename the file';
        throw new BadRequestException({ message: `${whose} ${name.error.issues[0]!.message}${instead}.`, problems: [] });
      }
      const dataset = await db.dataset.create({
        data: { workspaceId: actor.workspaceId, name: name.data, mapping: mapping ?? undefined, uploads: { create: { kind: 'create' } } },
        include: { uploads: true },
      });
      try {
        const file = { chunks: checkedFile(filename, chunks), truncated };
        return await whileDatasetExists(dataset.id, 'its file was being uploaded', async () => {
          const { job, bytes } = await this.receiver.receive({ datasetId: dataset.id, uploadId: dataset.uploads[0]!.id }, file);
          await db.dataset.update({ where: { id: dataset.id }, data: { bytes } });
          return { datasetId: dataset.id, job };
        });
      } catch (error) {
        // Deleting the dataset also tells its ingest job the upload was abandoned.
        await db.dataset.delete({ where: { id: dataset.id } }).catch(() => undefined);
        throw error;
      }
    });

    await this.receiver.waitForIngest(job);
    const row = await whileDatasetExists(datasetId, 'its file was being ingested', () => db.dataset.findUniqueOrThrow({ where: { id: datasetId } }));
    const dataset = toDataset(row);
    if (dataset.status === 'failed') {
      await db.dataset.deleteMany({ where: { id: datasetId } });
      throw new BadRequestException({ message: dataset.error ?? 'The file could not be read.', problems: dataset.problems });
    }
    return { status: dataset.status === 'ready' ? 201 : 202, dataset };
  }

  /** Appends the rows of a CSV to a ready dataset (see DatasetAppends). */
  async appendRows(actor: Actor, id: string, req: IncomingMessage): Promise<AppendOutcome> {
    await this.limitUploads(actor);
    return this.appends.append(this.db.for(actor), id, req);
  }

  async listUploads(actor: Actor, id: string): Promise<DatasetUpload[]> {
    await this.findOrThrow(actor, id);
    return this.appends.list(this.db.for(actor), id);
  }

  async list(actor: Actor): Promise<DatasetSummary[]> {
    const db = this.db.for(actor);
    const rows = await db.dataset.findMany({ orderBy: { createdAt: 'desc' } });
    return rows.map(toDatasetSummary);
  }

  async get(actor: Actor, id: string): Promise<Dataset> {
    return toDataset(await this.findOrThrow(actor, id));
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const db = this.db.for(actor);
    await this.findOrThrow(actor, id);
    const schedules = await db.$transaction(async (tx) => {
      // Locked first: a schedule being created for it (its insert holds a key-share lock on the row) is either
      // committed, and listed here, or waits and then fails on the foreign key (404) once the dataset is gone.
      await tx.$queryRaw`SELECT id FROM "Dataset" WHERE id = ${id}::uuid FOR UPDATE`;
      const listed = await tx.schedule.findMany({ where: { datasetId: id }, select: { id: true } });
      await tx.dataset.deleteMany({ where: { id } });
      return listed;
    });
    // Its schedules went with it (cascade); their job schedulers live in Redis and must not fire on.
    for (const schedule of schedules) await this.schedulesQueue.removeJobScheduler(schedule.id);
  }

  async listSeries(actor: Actor, id: string, { search, limit, after }: ListSeriesQuery): Promise<SeriesSummary[]> {
    const profile = profileOf(await this.findReady(actor, id));
    const db = this.db.for(actor);
    // Keyset paging on the upload order: a page costs the same at the 100,000th series as at the first.
    const previous = after === undefined ? undefined : await db.series.findUnique({ where: { datasetId_key: { datasetId: id, key: after } }, select: { position: true } });
    if (after !== undefined && !previous) throw new BadRequestException(`after: dataset ${id} has no series "${after}" to continue after.`);
    const rows = await db.series.findMany({
      where: {
        datasetId: id,
        ...(search ? { key: { contains: likeLiteral(search), mode: 'insensitive' } } : {}),
        ...(previous ? { position: { gt: previous.position } } : {}),
      },
      select: { key: true, start: true, length: true, missing: true, demandClass: true },
      orderBy: { position: 'asc' },
      take: limit,
    });
    return rows.map((row) => toSeriesSummary(row, gridTimestamps(row.start, profile!.frequency, 1, row.length - 1)[0]!));
  }

  async getSeries(actor: Actor, id: string, key: string): Promise<SeriesPoints> {
    const profile = profileOf(await this.findReady(actor, id));
    const row = await this.db.for(actor).series.findUnique({ where: { datasetId_key: { datasetId: id, key } } });
    if (!row) throw new NotFoundException(`Dataset ${id} has no series "${key}".`);
    const values = decodeValues(row.values);
    return {
      id: row.key,
      timestamps: gridTimestamps(row.start, profile!.frequency, row.length).map((d) => d.toISOString()),
      values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)),
    };
  }

  /**
   * Uploads and appends per caller (a user, over all their workspaces, or an API key) and per workspace per hour, so
   * one team cannot fill the disk or the queue for everyone, nor one user by opening workspaces. The caller's limit
   * comes first and is below the workspace's: one member (or key) cannot use up everyone's uploads.
   */
  private async limitUploads(actor: Actor): Promise<void> {
    const [caller, what] = actor.userId ? [`user:${actor.userId}`, 'uploads of yours'] : [`key:${actor.apiKeyId}`, 'uploads with this API key'];
    await this.limiter.hit(`uploads:${caller}`, this.env.UPLOADS_PER_HOUR, 3_600, `${what} this hour`);
    await this.limiter.hit(`uploads:${actor.workspaceId}`, this.env.UPLOADS_PER_WORKSPACE_HOUR, 3_600, 'uploads in this workspace this hour');
  }

  private async findOrThrow(actor: Actor, id: string) {
    const row = await this.db.for(actor).dataset.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`No dataset ${id}.`);
    return row;
  }

  private async findReady(actor: Actor, id: string) {
    const row = await this.findOrThrow(actor, id);
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
  refuseUnsafeInput(json, ['mapping']);
  const parsed = columnMappingSchema.safeParse(json);
  const issues = parsed.success
    ? timestampOptionProblems(parsed.data).map((p) => ({ path: `mapping.${p.field}`, message: p.message }))
    : columnMappingIssues(parsed.error);
  if (!parsed.success || issues.length > 0) {
    throw new BadRequestException({ message: `Invalid column mapping: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues, problems: [] });
  }
  return parsed.data;
}

/** Prisma hands `contains` to ILIKE as it is: a % or _ searched for must match itself, not every key. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
