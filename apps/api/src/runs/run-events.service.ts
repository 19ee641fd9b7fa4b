import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Observable, Subject, filter, takeWhile } from 'rxjs';
import { modelProgressSchema, QUEUES, type RunEvent } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import { modelOfShardJob, type QueueEvents } from '@foretell/queue';
import { InjectQueueEvents, PRISMA } from '../infra/infra.module';

const TERMINAL: ReadonlySet<RunEvent['type']> = new Set(['run-completed', 'run-failed']);

/** Turns BullMQ queue events into per-run progress events for server-sent events. */
@Injectable()
export class RunEventsService implements OnModuleInit {
  private readonly logger = new Logger(RunEventsService.name);
  private readonly events = new Subject<RunEvent>();

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @InjectQueueEvents(QUEUES.modelFits) private readonly fitEvents: QueueEvents,
    @InjectQueueEvents(QUEUES.runs) private readonly runEvents: QueueEvents,
  ) {}

  onModuleInit(): void {
    this.fitEvents.on('progress', ({ data }) => {
      const progress = modelProgressSchema.safeParse(data);
      if (!progress.success) return;
      const { runId, runModelId, fraction, phase, epoch } = progress.data;
      this.events.next({ type: 'progress', runId, runModelId, fraction, phase, ...(epoch && { epoch }) });
    });
    // A shard ending is not its model ending (its merge job is); a shard that fails fails its model.
    this.fitEvents.on('completed', ({ jobId }) => {
      if (!modelOfShardJob(jobId)) void this.emitForModel(jobId, 'model-completed');
    });
    this.fitEvents.on('failed', ({ jobId, failedReason }) => void this.emitForModel(modelOfShardJob(jobId) ?? jobId, 'model-failed', failedReason));
    this.runEvents.on('completed', ({ jobId }) => void this.emitForRun(jobId));
    this.runEvents.on('failed', ({ jobId, failedReason }) =>
      this.events.next({ type: 'run-failed', runId: jobId, message: failedReason }),
    );
  }

  /** Events of one run until it ends; ends at once (with its final event) if the run already has. */
  stream(run: { id: string; status: string; error: string | null }): Observable<RunEvent> {
    if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') {
      return new Observable((subscriber) => {
        subscriber.next({ type: run.status === 'completed' ? 'run-completed' : 'run-failed', runId: run.id, message: run.error ?? undefined });
        subscriber.complete();
      });
    }
    return this.events.pipe(
      filter((event) => event.runId === run.id),
      takeWhile((event) => !TERMINAL.has(event.type), true),
    );
  }

  private async emitForModel(runModelId: string, type: 'model-completed' | 'model-failed', message?: string) {
    const model = await this.prisma.runModel.findUnique({ where: { id: runModelId }, select: { runId: true } }).catch((error: unknown) => {
      this.logger.warn(`Could not relay ${type} for ${runModelId}: ${String(error)}`);
      return null;
    });
    if (model) this.events.next({ type, runId: model.runId, runModelId, message });
  }

  private async emitForRun(runId: string) {
    const run = await this.prisma.run.findUnique({ where: { id: runId }, select: { status: true, error: true } });
    if (!run) return;
    this.events.next({ type: run.status === 'completed' ? 'run-completed' : 'run-failed', runId, message: run.error ?? undefined });
  }
}
