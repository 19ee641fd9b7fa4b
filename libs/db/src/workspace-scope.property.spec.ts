import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from './database';
import type { Prisma, PrismaClient } from './generated/client';
import { createTestDatabase, type TestDatabase } from './testing/test-database';
import { forWorkspace } from './workspace-scope';

/**
 * For generated rows in two workspaces and any generated caller `where` (over the scoped models' fields and
 * relations, the relations the scope filters through included), the scoped client returns exactly the rows that the
 * caller's `where` and the workspace both allow: what the plain client returns for `{ AND: [where, workspace] }`.
 */

let db: TestDatabase;
let database: Database;
const WORKSPACES = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
const NO_ROW = '00000000-0000-4000-8000-ffffffffffff';

beforeAll(async () => {
  db = await createTestDatabase('db_scope_property');
  database = connectDatabase(db.url);
  await database.prisma.workspace.createMany({ data: WORKSPACES.map((id, i) => ({ id, name: `w${i}` })) });
});
afterAll(async () => {
  await database?.close();
  await db?.drop();
});

const id = (kind: number, n: number) => `00000000-0000-4000-8${kind}00-${n.toString().padStart(12, '0')}`;

const runShape = fc.record({
  status: fc.constantFrom('completed' as const, 'failed' as const),
  kinds: fc.array(fc.constantFrom('naive', 'theta'), { minLength: 1, maxLength: 2 }),
  trained: fc.boolean(),
  /** Which of the dataset's series each model forecast (bit i: series i). */
  forecastMask: fc.integer({ min: 0, max: 3 }),
});
const datasetShape = fc.record({
  workspace: fc.integer({ min: 0, max: 1 }),
  name: fc.constantFrom('a', 'b'),
  status: fc.constantFrom('ready' as const, 'failed' as const),
  series: fc.uniqueArray(fc.constantFrom('x', 'y'), { maxLength: 2 }),
  uploads: fc.integer({ min: 0, max: 1 }),
  schedule: fc.boolean(),
  runs: fc.array(runShape, { maxLength: 2 }),
});
type Shape = (typeof datasetShape extends fc.Arbitrary<infer T> ? T : never)[];

/** The rows of a generated shape, with ids known before they are inserted (so `where`s can name them). */
function rowsOf(shape: Shape) {
  const rows = {
    datasets: [] as Prisma.DatasetCreateManyInput[],
    series: [] as Prisma.SeriesCreateManyInput[],
    uploads: [] as Prisma.DatasetUploadCreateManyInput[],
    schedules: [] as Prisma.ScheduleCreateManyInput[],
    runs: [] as Prisma.RunCreateManyInput[],
    runModels: [] as Prisma.RunModelCreateManyInput[],
    forecasts: [] as Prisma.ForecastCreateManyInput[],
    trained: [] as Prisma.TrainedModelCreateManyInput[],
  };
  let n = 0;
  shape.forEach((d, di) => {
    const workspaceId = WORKSPACES[d.workspace]!;
    const datasetId = id(1, di);
    rows.datasets.push({ id: datasetId, workspaceId, name: d.name, status: d.status });
    const seriesIds = d.series.map((key, position) => {
      const seriesId = id(2, n++);
      rows.series.push({ id: seriesId, datasetId, key, position, start: new Date(0), length: 1, values: new Uint8Array(8) });
      return seriesId;
    });
    for (let u = 0; u < d.uploads; u++) rows.uploads.push({ id: id(3, n++), datasetId, kind: u % 2 ? 'append' : 'create' });
    if (d.schedule) rows.schedules.push({ id: id(4, n++), workspaceId, datasetId, name: d.name, everySeconds: 3600, config: {}, paused: di % 2 === 0 });
    for (const r of d.runs) {
      const runId = id(5, n++);
      rows.runs.push({ id: runId, workspaceId, datasetId, status: r.status, horizon: 1, season: 1, windows: 1, step: 1 });
      r.kinds.forEach((kind, position) => {
        const runModelId = id(6, n++);
        rows.runModels.push({ id: runModelId, runId, position, kind });
        seriesIds.forEach((seriesId, s) => {
          if (r.forecastMask & (1 << s)) rows.forecasts.push({ runModelId, seriesId, yhat: new Uint8Array(8), origin: 1, backtest: {}, metrics: {} });
        });
        if (r.trained) {
          rows.trained.push({
            id: id(7, n++), workspaceId, runModelId, datasetId, kind, params: {}, artifact: {}, seriesKeys: [], horizon: 1, season: 1, seed: 1,
            backend: 'cpu', versions: {}, metrics: {}, datasetVersion: 1, datasetHash: '',
          });
        }
      });
    }
  });
  return rows;
}

async function store(prisma: PrismaClient, rows: ReturnType<typeof rowsOf>) {
  await prisma.dataset.deleteMany({ where: { workspaceId: { in: WORKSPACES } } });
  await prisma.dataset.createMany({ data: rows.datasets });
  await prisma.series.createMany({ data: rows.series });
  await prisma.datasetUpload.createMany({ data: rows.uploads });
  await prisma.schedule.createMany({ data: rows.schedules });
  await prisma.run.createMany({ data: rows.runs });
  await prisma.runModel.createMany({ data: rows.runModels });
  await prisma.forecast.createMany({ data: rows.forecasts });
  await prisma.trainedModel.createMany({ data: rows.trained });
}

const pick = (ids: string[]) => fc.constantFrom(NO_ROW, ...ids);
const workspaceId = pick(WORKSPACES);
const name = fc.constantFrom('a', 'b');
const runStatus = fc.constantFrom('completed', 'failed');
const kind = fc.constantFrom('naive', 'theta');

/** Caller filters per model, over its fields and relations — the ones the scope filters through included. */
function leaves(rows: ReturnType<typeof rowsOf>) {
  const ids = (list: { id?: string }[]) => pick(list.map((r) => r.id!));
  const [datasetId, seriesId, runId, runModelId] = [ids(rows.datasets), ids(rows.series), ids(rows.runs), ids(rows.runModels)];
  return {
    dataset: [datasetId.map((id) => ({ id })), name.map((name) => ({ name })), workspaceId.map((workspaceId) => ({ workspaceId })), runStatus.map((status) => ({ runs: { some: { status } } })), fc.constant({ series: { none: {} } })],
    series: [fc.constantFrom('x', 'y').map((key) => ({ key })), datasetId.map((datasetId) => ({ datasetId })), name.map((name) => ({ dataset: { name } })), workspaceId.map((workspaceId) => ({ dataset: { workspaceId } })), datasetId.map((id) => ({ dataset: { id } })), kind.map((kind) => ({ forecasts: { some: { runModel: { kind } } } }))],
    datasetUpload: [fc.constantFrom('create', 'append').map((kind) => ({ kind })), datasetId.map((datasetId) => ({ datasetId })), name.map((name) => ({ dataset: { name } })), workspaceId.map((workspaceId) => ({ dataset: { workspaceId } }))],
    schedule: [datasetId.map((datasetId) => ({ datasetId })), name.map((name) => ({ name })), fc.boolean().map((paused) => ({ paused })), workspaceId.map((workspaceId) => ({ workspaceId })), name.map((name) => ({ dataset: { name } }))],
    run: [runId.map((id) => ({ id })), datasetId.map((datasetId) => ({ datasetId })), runStatus.map((status) => ({ status })), workspaceId.map((workspaceId) => ({ workspaceId })), name.map((name) => ({ dataset: { name } })), kind.map((kind) => ({ models: { some: { kind } } }))],
    runModel: [runModelId.map((id) => ({ id })), runId.map((runId) => ({ runId })), kind.map((kind) => ({ kind })), runId.map((id) => ({ run: { id } })), datasetId.map((datasetId) => ({ run: { datasetId } })), workspaceId.map((workspaceId) => ({ run: { workspaceId } })), runStatus.map((status) => ({ run: { status } }))],
    forecast: [runModelId.map((runModelId) => ({ runModelId })), seriesId.map((seriesId) => ({ seriesId })), runId.map((runId) => ({ runModel: { runId } })), kind.map((kind) => ({ runModel: { kind } })), datasetId.map((datasetId) => ({ runModel: { run: { datasetId } } })), workspaceId.map((workspaceId) => ({ runModel: { run: { workspaceId } } })), fc.constantFrom('x', 'y').map((key) => ({ series: { key } }))],
    trainedModel: [kind.map((kind) => ({ kind })), datasetId.map((datasetId) => ({ datasetId })), runModelId.map((runModelId) => ({ runModelId })), runId.map((runId) => ({ runModel: { runId } })), workspaceId.map((workspaceId) => ({ workspaceId })), name.map((name) => ({ dataset: { name } }))],
  };
}

type Model = keyof ReturnType<typeof leaves>;
const MODELS: Model[] = ['dataset', 'series', 'datasetUpload', 'schedule', 'run', 'runModel', 'forecast', 'trainedModel'];

/** What the scope means, written out: the workspace condition of each model. */
const inWorkspace: Record<Model, (workspaceId: string) => object> = {
  dataset: (workspaceId) => ({ workspaceId }),
  schedule: (workspaceId) => ({ workspaceId }),
  run: (workspaceId) => ({ workspaceId }),
  trainedModel: (workspaceId) => ({ workspaceId }),
  series: (workspaceId) => ({ dataset: { workspaceId } }),
  datasetUpload: (workspaceId) => ({ dataset: { workspaceId } }),
  runModel: (workspaceId) => ({ run: { workspaceId } }),
  forecast: (workspaceId) => ({ runModel: { run: { workspaceId } } }),
};

/** Leaves merged into one object (later keys win, as a caller's literal would), or combined with AND, OR and NOT. */
function whereOf(leaf: fc.Arbitrary<object>): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    leaf,
    fc.tuple(leaf, leaf).map(([a, b]) => ({ ...a, ...b })),
    fc.tuple(leaf, leaf).map(([a, b]) => ({ AND: [a, b] })),
    leaf.map((a) => ({ AND: a })),
    fc.tuple(leaf, leaf).map(([a, b]) => ({ OR: [a, b] })),
    leaf.map((a) => ({ NOT: a })),
    fc.tuple(leaf, leaf).map(([a, b]) => ({ ...a, AND: [b] })),
  ) as fc.Arbitrary<Record<string, unknown>>;
}

const keyOf = (row: { id?: string; runModelId?: string; seriesId?: string }) => row.id ?? `${row.runModelId}/${row.seriesId}`;

/** The calls checked, on any scoped model (the generated `where`s are plain objects, so one shape serves them all). */
interface Delegate {
  findMany(args: { where: object }): Promise<{ id?: string; runModelId?: string; seriesId?: string }[]>;
  count(args: { where: object }): Promise<number>;
}
const delegate = (client: PrismaClient, model: Model) => (client as unknown as Record<Model, Delegate>)[model];

describe('forWorkspace, for any caller where', () => {
  it('returns exactly the rows the where and the workspace both allow', async () => {
    const { prisma } = database;
    const seen = { narrowed: 0, nonEmpty: 0 };
    const scenario = fc.array(datasetShape, { minLength: 1, maxLength: 3 }).chain((shape) => {
      const rows = rowsOf(shape);
      const wheres = leaves(rows);
      return fc.record({
        rows: fc.constant(rows),
        workspace: fc.integer({ min: 0, max: 1 }),
        wheres: fc.record(Object.fromEntries(MODELS.map((m) => [m, fc.array(whereOf(fc.oneof(...wheres[m])), { minLength: 1, maxLength: 2 })])) as Record<Model, fc.Arbitrary<Record<string, unknown>[]>>),
      });
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ rows, workspace, wheres }) => {
        await store(prisma, rows);
        const scoped = forWorkspace(prisma, WORKSPACES[workspace]!);
        for (const model of MODELS) {
          for (const where of wheres[model]) {
            const [plain, inScope] = [delegate(prisma, model), delegate(scoped, model)];
            const expected = (await plain.findMany({ where: { AND: [where, inWorkspace[model](WORKSPACES[workspace]!)] } })).map(keyOf).sort();
            const got = (await inScope.findMany({ where })).map(keyOf).sort();
            expect(got, `${model} ${JSON.stringify(where)}`).toEqual(expected);
            expect(await inScope.count({ where }), `${model} count ${JSON.stringify(where)}`).toBe(expected.length);
            if (expected.length > 0) seen.nonEmpty++;
            if ((await plain.count({ where })) > expected.length) seen.narrowed++;
          }
        }
      }),
      { numRuns: 20 },
    );
    // The generated cases exercised both sides: rows kept and rows of the other workspace filtered out.
    expect(seen.nonEmpty).toBeGreaterThan(10);
    expect(seen.narrowed).toBeGreaterThan(10);
  }, 60_000);
});
