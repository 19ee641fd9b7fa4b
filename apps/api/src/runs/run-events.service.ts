import { HttpException, HttpStatus, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Observable, Subject, filter, finalize, takeWhile } from 'rxjs';
import { FINAL_RUN_EVENTS, finalRunEvent, modelProgressSchema, QUEUES, type RunEvent } from '@foretell/contracts';
import type { PrismaClient, RunStatus } from '@foretell/db';
import { modelOfShardJob, onRunCancelled, type QueueEvents } from '@foretell/queue';
import type { Actor } from '../auth/actor';
import { API_ENV, type ApiEnv } from '../env';
import { InjectQueueEvents, PRISMA } from '../infra/infra.module';

const CANCELLED = 'Cancelled by the user.';

/** Turns BullMQ queue events into per-run progress events for server-sent events. */
@Injectable()
export class RunEventsService implements OnModuleInit {
  private readonly logger = new Logger(RunEventsService.name);
  private readonly events = new Subject<RunEvent>();
  /** Streams open now per user (or API key): each holds a connection and a subscription until it ends. */
  private readonly open = new Map<string, number>();

  constructor(
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @InjectQueueEvents(QUEUES.modelFits) private readonly fitEvents: QueueEvents,
    @InjectQueueEvents(QUEUES.runs) private readonly runEvents: QueueEvents,
  ) {}

  onModuleInit(): void {
    this.fitEvents.on('progress', ({ data }) => {
      const progress = modelProgressSchema.safeParse(data);
      // A shard's own fit is not its model's progress (its model's comes as each shard saves, then from the merge).
      if (!progress.success || progress.data.shard) return;
      const { runId, runModelId, fraction, phase, epoch } = progress.data;
      this.events.next({ type: 'progress', runId, runModelId, fraction, phase, ...(epoch && { epoch }) });
    });
    // A shard ending is not its model ending (its merge job is); a shard that fails fails its model.
    this.fitEvents.on('completed', ({ jobId }) => {
      if (!modelOfShardJob(jobId)) void this.emitForModel(jobId, 'model-completed');
    });
    this.fitEvents.on('failed', ({ jobId, failedReason }) => void this.emitForModel(modelOfShardJob(jobId) ?? jobId, 'model-failed', failedReason));
    onRunCancelled(this.fitEvents, (runId) => this.events.next({ type: 'run-cancelled', runId, message: CANCELLED }));
    this.runEvents.on('completed', ({ jobId }) => void this.emitForRun(jobId));
    this.runEvents.on('failed', ({ jobId, failedReason }) =>
      this.events.next({ type: 'run-failed', runId: jobId, message: failedReason }),
    );
  }

  /**
   * Events of one run for `actor`, within the streams a user may hold open (429 beyond them, before the stream starts);
   * the slot is freed when the stream ends: the run ended, or the client went away.
   */
  streamFor(actor: Actor, run: { id: string; status: RunStatus; error: string | null }): Observable<RunEvent> {
    const holder = actor.userId ?? `key:${actor.apiKeyId}`;
    const held = this.open.get(holder) ?? 0;
    const max = this.env.EVENT_STREAMS_PER_USER;
    if (held >= max) {
      throw new HttpException(
        { message: `You already have ${held} live event streams open (the most allowed is ${max}): close a run page or another stream, then try again.` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.open.set(holder, held + 1);
    return this.stream(run).pipe(
      finalize(() => {
        const left = (this.open.get(holder) ?? 1) - 1;
        if (left > 0) this.open.set(holder, left);
        else this.open.delete(holder);
      }),
    );
  }

  /** Events of one run until it ends; ends at once (with its final event) if the run already has. */
  private stream(run: { id: string; status: RunStatus; error: string | null }): Observable<RunEvent> {
    const { status } = run;
    if (status === 'completed' || status === 'failed' || status === 'cancelled') {
      return new Observable((subscriber) => {
        subscriber.next({ type: finalRunEvent(status), runId: run.id, message: run.error ?? undefined });
        subscriber.complete();
      });
    }
    return this.events.pipe(
      filter((event) => event.runId === run.id),
      takeWhile((event) => !FINAL_RUN_EVENTS.has(event.type), true),
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
    this.events.next({ type: finalRunEvent(run.status === 'completed' || run.status === 'cancelled' ? run.status : 'failed'), runId, message: run.error ?? undefined });
  }
}
