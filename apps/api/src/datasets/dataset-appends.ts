import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { DatasetUpload } from '@foretell/contracts';
import { retryOnConflict, type PrismaClient } from '@foretell/db';
import { whileDatasetExists } from '../infra/dataset-gone';
import { toDatasetUpload } from './dataset.mapper';
import { readMultipartUpload, type UploadLimits } from './multipart-upload';
import { checkedFile } from './upload-file-check';
import type { UploadReceiver } from './upload-receiver';

export type AppendOutcome = { status: 201 | 202; upload: DatasetUpload };

/** Appended rows are read as the dataset's first file was: a mapping of their own would be ignored, so it is refused. */
const FIELDS_REFUSED =
  "Appended rows are read with the dataset's own columns and date form: send the file alone, without a name or mapping field.";

/**
 * Rows appended to a ready dataset: a CSV with the dataset's columns, read with its mapping and merged into its series
 * by the ingest job (`appendRows` in the worker). One append per dataset at a time.
 */
export class DatasetAppends {
  constructor(
    private readonly receiver: UploadReceiver,
    private readonly limits: UploadLimits,
  ) {}

  /**
   * 201 with the upload's summary when it is merged within INGEST_WAIT_MS, 202 while it is still ingesting (see the
   * dataset's uploads), 400 with the rows at fault and the dataset unchanged, 404 / 409 before any byte is read.
   */
  async append(db: PrismaClient, datasetId: string, req: IncomingMessage): Promise<AppendOutcome> {
    const uploadId = await this.start(db, datasetId);
    let job;
    try {
      ({ job } = await readMultipartUpload(
        req,
        this.limits,
        ({ filename, chunks, truncated }) =>
          whileDatasetExists(datasetId, 'rows were being appended', () =>
            this.receiver.receive({ datasetId, uploadId }, { chunks: checkedFile(filename, chunks), truncated }),
          ),
        FIELDS_REFUSED,
      ));
    } catch (error) {
      // Deleting the upload tells its ingest job it was abandoned; the dataset was not touched. The job may hold the
      // row at that moment (Postgres then aborts one side): tried again rather than left behind.
      await retryOnConflict(() => db.datasetUpload.deleteMany({ where: { id: uploadId } }), 5, () => true).catch(() => undefined);
      throw error;
    }
    await this.receiver.waitForIngest(job);
    const row = await whileDatasetExists(datasetId, 'rows were being appended', () => db.datasetUpload.findUniqueOrThrow({ where: { id: uploadId } }));
    const upload = toDatasetUpload(row);
    if (upload.status === 'failed') {
      throw new BadRequestException({ message: upload.error ?? 'The file could not be read.', problems: upload.problems });
    }
    return { status: upload.status === 'ready' ? 201 : 202, upload };
  }

  /** The dataset's uploads, newest first. */
  async list(db: PrismaClient, datasetId: string): Promise<DatasetUpload[]> {
    const rows = await db.datasetUpload.findMany({ where: { datasetId }, orderBy: { createdAt: 'desc' } });
    return rows.map(toDatasetUpload);
  }

  /** Records the append, with the dataset row locked so two requests cannot both pass the checks. */
  private start(db: PrismaClient, datasetId: string): Promise<string> {
    return db.$transaction(async (tx) => {
      // The raw lock bypasses the workspace scope: the scoped read first makes sure the dataset is the caller's.
      if (!(await tx.dataset.findUnique({ where: { id: datasetId }, select: { id: true } }))) throw new NotFoundException(`No dataset ${datasetId}.`);
      const [dataset] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM "Dataset" WHERE id = ${datasetId}::uuid FOR UPDATE`;
      if (!dataset) throw new NotFoundException(`No dataset ${datasetId}.`);
      if (dataset.status !== 'ready') {
        throw new ConflictException(`Dataset ${datasetId} is ${dataset.status}: rows can be appended once it is ready.`);
      }
      const busy = await tx.datasetUpload.findFirst({ where: { datasetId, kind: 'append', status: 'ingesting' } });
      if (busy) {
        throw new ConflictException(`Rows are already being appended to dataset ${datasetId} (upload ${busy.id}); try again when that ends.`);
      }
      return (await tx.datasetUpload.create({ data: { datasetId, kind: 'append' } })).id;
    });
  }
}
