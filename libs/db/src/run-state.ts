import { progressLabel, type ModelProgress, type NeuralFitReport } from '@foretell/contracts';
import { Prisma, type PrismaClient } from './generated/client';
import type { RunStatus } from './generated/enums';
import { retryOnConflict } from './retry-conflicts';

/**
 * The one owner of run state: every status change of a run or of its models goes through a transition named in these
 * tables, as one conditional update (`WHERE status IN from`) that answers whether it happened. Racing writers (a cancel
 * and a worker claiming or completing a fit, a duplicated job) therefore never overwrite each other: the loser's update
 * matches no row and it learns so. Terminal states (completed, failed, cancelled) are only ever left for themselves.
 */
interface Transition {
  readonly from: readonly RunStatus[];
  readonly to: RunStatus;
}

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];
const UNFINISHED = ['queued', 'running'] as const satisfies readonly RunStatus[];

export const RUN_TRANSITIONS = {
  /** The first fit claimed. */
  start: { from: ['queued'], to: 'running' },
  cancel: { from: UNFINISHED, to: 'cancelled' },
  /** The run's parent job ends it once every fit job has ended: completed when one model did, failed otherwise. */
  complete: { from: UNFINISHED, to: 'completed' },
  fail: { from: UNFINISHED, to: 'failed' },
  /** The parent job of a cancelled run stamps its end (finishedAt, the data its models read); it stays cancelled. */
  close: { from: ['cancelled'], to: 'cancelled' },
} as const satisfies Record<string, Transition>;

export const MODEL_TRANSITIONS = {
  /** A worker takes the fit; a retried or stalled job takes it again (running → running). */
  claim: { from: UNFINISHED, to: 'running' },
  progress: { from: ['running'], to: 'running' },
  /** The first shard of a sharded fit claims it (and starts the run); the others join it. */
  claimShard: { from: ['queued'], to: 'running' },
  /** A shard joins its model's running fit, and saves its part only while the fit still runs (locking the model's row). */
  join: { from: ['running'], to: 'running' },
  /** A claimed fit saves its results. */
  complete: { from: ['running'], to: 'completed' },
  /** An ensemble is combined by the run's parent job, never claimed by a fit. */
  combine: { from: UNFINISHED, to: 'completed' },
  fail: { from: UNFINISHED, to: 'failed' },
  /** Handed back at shutdown: it waits for a worker again. */
  requeue: { from: ['running'], to: 'queued' },
  cancel: { from: UNFINISHED, to: 'cancelled' },
  /** A fit stopped by a cancel records where it was stopped. */
  noteCancel: { from: ['cancelled'], to: 'cancelled' },
} as const satisfies Record<string, Transition>;

export type RunTransition = keyof typeof RUN_TRANSITIONS;
export type ModelTransition = keyof typeof MODEL_TRANSITIONS;

/** The plain client, a workspace-scoped one, or either inside a transaction. */
export type RunStateDb = Pick<Prisma.TransactionClient, 'run' | 'runModel'>;
type ModelFields = Omit<Prisma.RunModelUpdateManyMutationInput, 'status'>;
type RunFields = Omit<Prisma.RunUpdateManyMutationInput, 'status'>;
/** What a fitted model stores on completion (its results), as written by `completeModel`. */
export type ModelResults = Omit<ModelFields, 'progress' | 'finishedAt'>;
/** The dataset version and hash a run's models read, stamped on it when it ends (none when no model read any). */
export type RunFitted = Pick<RunFields, 'datasetVersion' | 'datasetHash'>;

async function moveRun(db: RunStateDb, transition: RunTransition, runId: string, data: RunFields = {}): Promise<boolean> {
  const { from, to } = RUN_TRANSITIONS[transition];
  const { count } = await db.run.updateMany({ where: { id: runId, status: { in: [...from] } }, data: { ...data, status: to } });
  return count > 0;
}

/** Moves one model (by id) or every model of a run in the transition's `from` states; answers whether any moved. */
async function moveModel(db: RunStateDb, transition: ModelTransition, which: string | { runId: string }, data: ModelFields = {}): Promise<boolean> {
  const { from, to } = MODEL_TRANSITIONS[transition];
  const where = typeof which === 'string' ? { id: which } : which;
  const { count } = await db.runModel.updateMany({ where: { ...where, status: { in: [...from] } }, data: { ...data, status: to } });
  return count > 0;
}

/**
 * A worker claims a model's fit (and starts its run if it was queued). False: the model is no longer to be fitted
 * (cancelled, or already ended by another attempt). A cancel locks the same rows in the other order: Postgres may
 * abort one of the two as a deadlock, and it goes through again.
 */
export function claimModel(prisma: PrismaClient, runId: string, runModelId: string): Promise<boolean> {
  return retryOnConflict(() =>
    prisma.$transaction(async (tx) => {
      const now = new Date();
      if (!(await moveModel(tx, 'claim', runModelId, { startedAt: now, progress: 0, error: null }))) return false;
      await moveRun(tx, 'start', runId, { startedAt: now });
      return true;
    }),
  );
}

/**
 * A shard of a sharded fit of `shards` shards claims the model if it is queued (starting its run; none of its shards
 * is saved yet), or joins the fit a sibling claimed. False: the model is no longer to be fitted. Unlike `claimModel`,
 * joining resets nothing the siblings wrote.
 */
export function claimShard(prisma: PrismaClient, runId: string, runModelId: string, shards: number): Promise<boolean> {
  const none = progressFields({ fraction: 0, phase: { kind: 'shards', done: 0, of: shards } });
  return retryOnConflict(() =>
    prisma.$transaction(async (tx) => {
      const now = new Date();
      if (!(await moveModel(tx, 'claimShard', runModelId, { ...none, startedAt: now, error: null }))) return moveModel(tx, 'join', runModelId);
      await moveRun(tx, 'start', runId, { startedAt: now });
      return true;
    }),
  );
}

/**
 * In the transaction that saves a shard's part: true while the model still runs, and its row stays locked until the
 * transaction ends, so a cancel waits for the save or the save finds the model cancelled.
 */
export function joinFit(db: RunStateDb, runModelId: string): Promise<boolean> {
  return moveModel(db, 'join', runModelId);
}

/**
 * Records how far a fit is. False: the model is no longer running (a cancel reached it, perhaps through an event this
 * worker missed), so the fit should stop. The payload is the contract's progress event as the fit reports it; which
 * parts of it the row keeps is decided here, in one place.
 */
export function reportModelProgress(db: RunStateDb, runModelId: string, progress: ModelProgress): Promise<boolean> {
  return moveModel(db, 'progress', runModelId, progressFields(progress));
}

/** What a model's row keeps of a progress event: the fraction, where the fit is (phase, epoch), and that in words. */
function progressFields({ fraction, phase, epoch }: Pick<ModelProgress, 'fraction' | 'phase' | 'epoch'>): ModelFields {
  const detail = { phase, ...(epoch && { epoch }) };
  return { progress: fraction, progressDetail: detail, message: progressLabel(detail) };
}

/** Saves a claimed fit's results; run it in the transaction that writes its forecasts. False: cancelled meanwhile. */
export function completeModel(db: RunStateDb, runModelId: string, results: ModelResults): Promise<boolean> {
  return moveModel(db, 'complete', runModelId, { ...results, progress: 1, finishedAt: new Date() });
}

/** Saves an ensemble's results (combined, not claimed). False: it already ended. */
export function completeEnsemble(db: RunStateDb, runModelId: string, results: ModelResults): Promise<boolean> {
  const now = new Date();
  return moveModel(db, 'combine', runModelId, { ...results, progress: 1, startedAt: now, finishedAt: now });
}

/**
 * Records why a model failed, for the leaderboard (never over a cancel or a completed result). A message users may
 * read, not an error: the caller decides what of it is shown (`publicError` in libs/queue).
 */
export function failModel(db: RunStateDb, runModelId: string, message: string): Promise<boolean> {
  return moveModel(db, 'fail', runModelId, { error: message.slice(0, 2_000), finishedAt: new Date() });
}

/** A fit handed back at shutdown waits in the queue again; its progress restarts with the next attempt. */
export function requeueModel(db: RunStateDb, runModelId: string): Promise<boolean> {
  return moveModel(db, 'requeue', runModelId, { message: 'Waiting for a worker (its worker shut down).' });
}

/**
 * A fit that stopped because its run was cancelled says where it stopped (`Cancelled during backtest.`), and keeps a
 * neural fit's training so far (`report`).
 */
export function noteModelCancelled(db: RunStateDb, runModelId: string, message: string, report?: NeuralFitReport): Promise<boolean> {
  return moveModel(db, 'noteCancel', runModelId, { message, finishedAt: new Date(), ...(report && { report }) });
}

/**
 * Cancels an unfinished run and its unfinished models at once (completed models keep their results). Returns the
 * models it cancelled (their jobs are to be stopped), or null when the run had already ended.
 */
export function cancelRun(prisma: PrismaClient, runId: string): Promise<string[] | null> {
  return retryOnConflict(() =>
    prisma.$transaction(async (tx) => {
      if (!(await moveRun(tx, 'cancel', runId, { error: 'Cancelled by the user.' }))) return null;
      const { from, to } = MODEL_TRANSITIONS.cancel;
      const cancelled = await tx.runModel.updateManyAndReturn({
        where: { runId, status: { in: [...from] } },
        data: { status: to, message: 'Cancelled.' },
        select: { id: true },
      });
      return cancelled.map((m) => m.id);
    }),
  );
}

/**
 * Ends a run once its fit jobs have ended, in the caller's transaction: models still unfinished are marked (cancelled
 * in a cancelled run, failed otherwise), then the run completes when at least one model completed and fails with
 * `error` otherwise; a cancelled run stays cancelled and is closed. The run's row is locked first, as a cancel locks it,
 * so a cancel racing this either lands before (and this closes it) or finds it ended. Returns the status it ended with,
 * or null when it had already completed or failed (a duplicated job).
 */
export async function endRun(tx: Prisma.TransactionClient, runId: string, { error, fitted }: { error: string; fitted: RunFitted }): Promise<RunStatus | null> {
  const [run] = await tx.$queryRaw<{ status: RunStatus }[]>`SELECT status FROM "Run" WHERE id = ${runId}::uuid FOR UPDATE`;
  if (!run || (run.status !== 'cancelled' && !(UNFINISHED as readonly RunStatus[]).includes(run.status))) return null;
  const finishedAt = new Date();
  if (run.status === 'cancelled') {
    await moveModel(tx, 'cancel', { runId }, { message: 'Cancelled.' });
    await moveRun(tx, 'close', runId, { ...fitted, finishedAt });
    return 'cancelled';
  }
  await moveModel(tx, 'fail', { runId }, { error: 'The model did not finish.', finishedAt });
  // Every model is terminal now, so this count cannot change under us.
  const completed = await tx.runModel.count({ where: { runId, status: 'completed' } });
  const ending = completed ? 'complete' : 'fail';
  await moveRun(tx, ending, runId, { ...fitted, finishedAt, error: completed ? null : error });
  return RUN_TRANSITIONS[ending].to;
}

/** Every model that read the calendar built the same one: the first to finish records what it came to. */
export async function recordCalendarUsed(db: RunStateDb, runId: string, calendar: Prisma.InputJsonValue): Promise<void> {
  await db.run.updateMany({ where: { id: runId, calendarUsed: { equals: Prisma.DbNull } }, data: { calendarUsed: calendar } });
}
