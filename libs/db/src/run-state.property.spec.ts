import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database';
import type { RunStatus } from './generated/enums';
import { retryOnConflict } from './retry-conflicts';
import {
  cancelRun,
  claimModel,
  claimShard,
  completeEnsemble,
  completeModel,
  endRun,
  failModel,
  joinFit,
  MODEL_TRANSITIONS,
  noteModelCancelled,
  reportModelProgress,
  requeueModel,
  RUN_TRANSITIONS,
  TERMINAL_STATUSES,
  type ModelTransition,
} from './run-state';
import { openTestDatabase } from './testing/test-database';
import { forWorkspace } from './workspace-scope';

/**
 * The run-state module as a state machine against real Postgres: generated sequences of transitions (some of them two
 * at once, as a cancel races a worker) on a run of one to three models. After every step the rows must equal what a
 * pure model of the tables predicts (for concurrent steps: what one of the two orders predicts, with the answers of
 * that order), and the invariants hold: no model or run leaves a terminal state, a run ends completed or failed only
 * with every model terminal (completed when one model completed), and nothing completes once the run is cancelled.
 */

let db: Database;
let datasetId: string;
let workspaceId: string;

beforeAll(async () => {
  db = await openTestDatabase('db_run_state');
  const workspace = await db.prisma.workspace.create({ data: { name: 'w' } });
  workspaceId = workspace.id;
  datasetId = (await db.prisma.dataset.create({ data: { workspaceId, name: 'd', status: 'ready' } })).id;
});
afterAll(() => db?.close());

type ModelOp = { kind: Exclude<ModelTransition, 'cancel'>; model: number };
type SingleOp = ModelOp | { kind: 'cancel' } | { kind: 'end' };
type Op = SingleOp | { kind: 'together'; ops: [SingleOp, SingleOp] };
interface State {
  run: RunStatus;
  models: RunStatus[];
}
/** What a transition answers: moved or not; the models a cancel cancelled; the status a run ended with. */
type Answer = boolean | number[] | RunStatus | null;

const MODEL_OPS = ['claim', 'claimShard', 'join', 'progress', 'complete', 'combine', 'fail', 'requeue', 'noteCancel'] as const satisfies readonly ModelOp['kind'][];
const singleOp = (models: number): fc.Arbitrary<SingleOp> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom(...MODEL_OPS), model: fc.integer({ min: 0, max: models - 1 }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'end' as const }) },
  );
const scenario = fc.integer({ min: 1, max: 3 }).chain((models) =>
  fc.record({
    models: fc.constant(models),
    ops: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: singleOp(models) },
        { weight: 1, arbitrary: fc.tuple(singleOp(models), singleOp(models)).map((ops): Op => ({ kind: 'together', ops })) },
      ),
      { minLength: 1, maxLength: 14 },
    ),
  }),
);

const isTerminal = (status: RunStatus) => TERMINAL_STATUSES.includes(status);
const canMove = (from: readonly RunStatus[], status: RunStatus) => from.includes(status);

/** The pure model: what one transition does to the statuses, and what it answers. */
function predict(state: State, op: SingleOp): { state: State; answer: Answer } {
  const run = state.run;
  const models = [...state.models];
  if (op.kind === 'cancel') {
    if (!canMove(RUN_TRANSITIONS.cancel.from, run)) return { state, answer: null };
    const cancelled = models.flatMap((status, i) => (canMove(MODEL_TRANSITIONS.cancel.from, status) ? [i] : []));
    for (const i of cancelled) models[i] = 'cancelled';
    return { state: { run: 'cancelled', models }, answer: cancelled };
  }
  if (op.kind === 'end') {
    if (run !== 'cancelled' && isTerminal(run)) return { state, answer: null };
    const mark = run === 'cancelled' ? MODEL_TRANSITIONS.cancel : MODEL_TRANSITIONS.fail;
    for (const [i, status] of models.entries()) if (canMove(mark.from, status)) models[i] = mark.to;
    const ended = run === 'cancelled' ? 'cancelled' : models.includes('completed') ? 'completed' : 'failed';
    return { state: { run: ended, models }, answer: ended };
  }
  // A shard that finds the model claimed by a sibling joins it.
  const kind = op.kind === 'claimShard' && canMove(MODEL_TRANSITIONS.join.from, models[op.model] ?? 'queued') ? 'join' : op.kind;
  const { from, to } = MODEL_TRANSITIONS[kind];
  if (!canMove(from, models[op.model] ?? 'queued')) return { state, answer: false };
  models[op.model] = to;
  const started = (kind === 'claim' || kind === 'claimShard') && canMove(RUN_TRANSITIONS.start.from, run);
  return { state: { run: started ? RUN_TRANSITIONS.start.to : run, models }, answer: true };
}

async function perform(runId: string, modelIds: string[], op: SingleOp): Promise<Answer> {
  const { prisma } = db;
  if (op.kind === 'cancel') {
    const cancelled = await cancelRun(prisma, runId);
    return cancelled && cancelled.map((id) => modelIds.indexOf(id)).sort();
  }
  // The worker's finishing transaction is retried the same way when a claim deadlocks with it.
  if (op.kind === 'end') return retryOnConflict(() => prisma.$transaction((tx) => endRun(tx, runId, { error: 'Every model failed.', fitted: {} })));
  const runModelId = modelIds[op.model] ?? '';
  switch (op.kind) {
    case 'claim':
      return claimModel(prisma, runId, runModelId);
    case 'claimShard':
      return claimShard(prisma, runId, runModelId, 2);
    case 'join':
      return joinFit(prisma, runModelId);
    case 'progress':
      return reportModelProgress(prisma, runModelId, { runId, runModelId, phase: { kind: 'backtest', window: 1, of: 2 }, fraction: 0.5 });
    case 'complete':
      return completeModel(prisma, runModelId, { metrics: { mase: 1 } });
    case 'combine':
      return completeEnsemble(prisma, runModelId, { metrics: { mase: 1 } });
    case 'fail':
      return failModel(prisma, runModelId, 'boom');
    case 'requeue':
      return requeueModel(prisma, runModelId);
    case 'noteCancel':
      return noteModelCancelled(prisma, runModelId, 'Cancelled during backtest.');
  }
}

async function observe(runId: string): Promise<State> {
  const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { models: { orderBy: { position: 'asc' } } } });
  return { run: run.status, models: run.models.map((m) => m.status) };
}

function checkInvariants(before: State, after: State) {
  for (const [i, status] of before.models.entries()) if (isTerminal(status)) expect(after.models[i]).toBe(status);
  if (isTerminal(before.run)) expect(after.run).toBe(before.run);
  if (after.run === 'completed' || after.run === 'failed' || after.run === 'cancelled') expect(after.models.every(isTerminal)).toBe(true);
  if (after.run === 'completed') expect(after.models).toContain('completed');
  if (after.run === 'failed') expect(after.models).not.toContain('completed');
  // Cancel wins over a late completion: once cancelled, the completed models are those completed before.
  if (before.run === 'cancelled') expect(after.models.filter((s) => s === 'completed').length).toBe(before.models.filter((s) => s === 'completed').length);
  // A claimed fit starts its run.
  if (after.models.includes('running')) expect(after.run).toBe('running');
}

describe('run state machine', () => {
  it('has no transition out of a terminal state but to itself', () => {
    for (const { from, to } of [...Object.values(RUN_TRANSITIONS), ...Object.values(MODEL_TRANSITIONS)]) {
      for (const status of from) if (isTerminal(status)) expect(to).toBe(status);
    }
  });

  it('cancels through a workspace-scoped client only the runs of its workspace', async () => {
    const other = await db.prisma.workspace.create({ data: { name: 'other' } });
    const run = await db.prisma.run.create({
      data: { workspaceId, datasetId, horizon: 1, season: 1, windows: 1, step: 1, models: { create: [{ position: 0, kind: 'naive' }] } },
      include: { models: true },
    });
    expect(await cancelRun(forWorkspace(db.prisma, other.id), run.id)).toBeNull();
    expect(await cancelRun(forWorkspace(db.prisma, workspaceId), run.id)).toEqual(run.models.map((m) => m.id));
    expect((await observe(run.id)).models).toEqual(['cancelled']);
  });

  it('moves runs and models only as the tables allow, answering truly, alone or racing', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ models, ops }) => {
        const run = await db.prisma.run.create({
          data: {
            workspaceId,
            datasetId,
            horizon: 1,
            season: 1,
            windows: 1,
            step: 1,
            models: { create: Array.from({ length: models }, (_, position) => ({ position, kind: 'naive' })) },
          },
          include: { models: { orderBy: { position: 'asc' } } },
        });
        const modelIds = run.models.map((m) => m.id);
        let state: State = { run: run.status, models: run.models.map((m) => m.status) };
        for (const op of ops) {
          const after = op.kind === 'together' ? await performTogether(run.id, modelIds, state, op.ops) : await performAlone(run.id, modelIds, state, op);
          checkInvariants(state, after);
          state = after;
        }
      }),
      { numRuns: 60 },
    );
  });
});

async function performAlone(runId: string, modelIds: string[], state: State, op: SingleOp): Promise<State> {
  const answer = await perform(runId, modelIds, op);
  const expected = predict(state, op);
  const after = await observe(runId);
  expect({ answer, after }).toEqual({ answer: expected.answer, after: expected.state });
  return after;
}

/** Two transitions at once: the rows and both answers must be those of one of the two orders. */
async function performTogether(runId: string, modelIds: string[], state: State, [a, b]: [SingleOp, SingleOp]): Promise<State> {
  const answers = await Promise.all([perform(runId, modelIds, a), perform(runId, modelIds, b)]);
  const after = await observe(runId);
  const aFirst = predict(state, a);
  const aThenB = predict(aFirst.state, b);
  const bFirst = predict(state, b);
  const bThenA = predict(bFirst.state, a);
  const orders = [
    { answers: [aFirst.answer, aThenB.answer], after: aThenB.state },
    { answers: [bThenA.answer, bFirst.answer], after: bThenA.state },
  ];
  expect(orders).toContainEqual({ answers, after });
  return after;
}
