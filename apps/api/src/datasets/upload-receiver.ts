import { BadRequestException } from '@nestjs/common';
import { JOBS } from '@foretell/contracts';
import { appendUploadChunk, endUpload, type Database, type UploadRef } from '@foretell/db';
import type { Job, Queue, QueueEvents } from '@foretell/queue';
import { PayloadTooLargeError } from './multipart-upload';

/** Raw upload bytes per stored chunk: large enough for few round trips, small enough to keep memory flat. */
const CHUNK_BYTES = 1 << 20;

/** A file being received, as `readMultipartUpload` hands it over. */
export interface IncomingFile {
  chunks: AsyncIterable<Buffer>;
  truncated: () => boolean;
}

/**
 * The one way an upload reaches the worker, for a dataset's first file and for appended rows alike: the file is
 * streamed into the upload's chunks in Postgres, and its ingest job is queued once the whole file is stored. A slow or
 * stalled client then holds only its own request, never one of the few ingest slots every workspace shares.
 */
export class UploadReceiver {
  constructor(
    private readonly database: Database,
    private readonly ingestQueue: Queue,
    private readonly ingestEvents: QueueEvents,
    private readonly limits: { maxBytes: number; waitMs: number },
  ) {}

  /**
   * Stores the file and marks its end, then queues the job; throws 413 over the size limit and 400 for an empty file.
   * On a throw the caller deletes the upload (and its chunks): no job was queued for it.
   */
  async receive(ref: UploadRef, file: IncomingFile): Promise<{ job: Job; bytes: number }> {
    const { bytes, chunks } = await this.storeChunks(ref.uploadId, file.chunks);
    if (file.truncated()) throw new PayloadTooLargeError(this.limits.maxBytes);
    if (bytes === 0) throw new BadRequestException({ message: 'The file is empty.', problems: [] });
    // Only now: the job must never take a cut-off file for a whole one (an append would merge its rows).
    await endUpload(this.database.pool, ref.uploadId, chunks);
    await this.database.prisma.datasetUpload.update({ where: { id: ref.uploadId }, data: { bytes } });
    const job = await this.ingestQueue.add(JOBS.ingestDataset, ref, { jobId: ref.uploadId });
    return { job, bytes };
  }

  /** Waits up to INGEST_WAIT_MS for the job; the upload's row then says whether it is ready, failed or still ingesting. */
  async waitForIngest(job: Job): Promise<void> {
    if (this.limits.waitMs > 0) await job.waitUntilFinished(this.ingestEvents, this.limits.waitMs).catch(() => undefined);
  }

  /** Stores the upload in chunks, writing one while the next arrives (one write in flight). */
  private async storeChunks(uploadId: string, chunks: AsyncIterable<Buffer>): Promise<{ bytes: number; chunks: number }> {
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
    return { bytes: total, chunks: seq };
  }
}
