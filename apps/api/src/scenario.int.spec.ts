import { describe, expect, it } from 'vitest';
import type { ModelForecast, Run, TrainedModel } from '@foretell/contracts';
import { useTestStack } from './testing/test-stack';
import { apiFetch, appendCsv, eventually, getJson, postJson, uploadCsv } from './testing/http';
import { expectRunInvariants, isFinished, type RunView } from './testing/run-invariants';

const SERIES = ['north', 'south'];
const month = (t: number) => new Date(Date.UTC(2015, t, 1)).toISOString();
/** Two seasonal monthly series, one row per month from 2015-01 (t = 0). */
const value = (key: string, t: number) =>
  key === 'north' ? 100 + 2 * t + Math.round(20 * Math.sin((2 * Math.PI * t) / 12)) : 50 + t + Math.round(10 * Math.cos((2 * Math.PI * t) / 12));
function months(from: number, to: number) {
  const lines = [`month,${SERIES.join(',')}`];
  for (let t = from; t < to; t++) lines.push([month(t).slice(0, 7), ...SERIES.map((key) => value(key, t))].join(','));
  return { name: 'regions.csv', text: lines.join('\n') + '\n' };
}

/**
 * One analyst's path across features on the real stack — upload, run, a second run sharing a model, append, a
 * scheduled run, a registry forecast, exports — with the invariants checked after every step: each read holds only its
 * run's rows, exports equal the JSON, Postgres holds what the API reports, and nothing a finished run produced changes.
 */
describe('scenario: from upload to registry forecast', () => {
  const stack = useTestStack();

  /** What each finished run looked like when first seen finished. */
  const seen = new Map<string, RunView>();
  let datasetId: string;

  const runs = async () => (await getJson(`${stack.url}/runs?datasetId=${datasetId}`)).body as Run[];
  async function finishedRun(runId: string): Promise<Run> {
    return eventually(async () => {
      const { body } = await getJson(`${stack.url}/runs/${runId}`);
      return isFinished(body) ? (body as Run) : undefined;
    });
  }
  async function startRun(kinds: string[]): Promise<Run> {
    const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 6, models: kinds.map((kind) => ({ kind })), backtest: { windows: 2 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await finishedRun(created.body.id);
    expect(run.leaderboard.map((m) => [m.kind, m.status])).toEqual(expect.arrayContaining(kinds.map((kind) => [kind, 'completed'])));
    return run;
  }

  /** The invariants over the dataset and every run of it; finished runs are compared with how they were first seen. */
  async function expectInvariants() {
    const all = await runs();
    expect(await stack.db.prisma.run.count({ where: { datasetId } })).toBe(all.length);
    const dataset = (await getJson(`${stack.url}/datasets/${datasetId}`)).body;
    expect(await stack.db.prisma.series.count({ where: { datasetId } })).toBe(dataset.profile.seriesCount);
    const saved = (await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[];
    expect(await stack.db.prisma.trainedModel.count({ where: { datasetId } })).toBe(saved.length);
    for (const run of all.filter(isFinished)) {
      seen.set(run.id, await expectRunInvariants(stack.db, stack.url, run.id, SERIES, seen.get(run.id)));
    }
  }
  const forecastStart = (runId: string) => seen.get(runId)!.forecasts.north![0]!.timestamps[0];

  it('keeps every run its own and every finished result frozen, step after step', async () => {
    // Upload: 48 months, 2015-01 … 2018-12.
    const upload = await uploadCsv(stack.url, months(0, 48));
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    datasetId = upload.body.id;
    expect(upload.body.profile).toMatchObject({ seriesCount: 2, points: 96 });
    await expectInvariants();

    // A run, then a second one sharing its naive model.
    const first = await startRun(['naive', 'seasonal_naive']);
    await expectInvariants();
    expect(forecastStart(first.id)).toBe(month(48));
    const second = await startRun(['naive', 'theta']);
    await expectInvariants();

    // A year of new rows for both series: the finished runs keep what they produced (checked by expectInvariants).
    const append = await appendCsv(stack.url, datasetId, months(48, 60));
    expect(append.status, JSON.stringify(append.body)).toBe(201);
    expect(append.body.summary).toMatchObject({ rowsAdded: 24, seriesExtended: 2 });
    await expectInvariants();
    expect(forecastStart(first.id)).toBe(month(48));

    // A scheduled run on the new data, fired through the schedule's job ("run now": intervals are an hour here).
    const schedule = await postJson(`${stack.url}/schedules`, { datasetId, everySeconds: 3600, run: { horizon: 6, models: [{ kind: 'seasonal_naive' }, { kind: 'theta' }], backtest: { windows: 1 } } });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    const fired = await apiFetch(`${stack.url}/schedules/${schedule.body.id}/run`, { method: 'POST' });
    expect(fired.status).toBe(202);
    const scheduled = await eventually(async () => (await runs()).find((r) => r.scheduleId === schedule.body.id && r.status === 'completed'), 90_000);
    await eventually(async () => ((await runs()).every(isFinished) ? true : undefined));
    expect(scheduled).toMatchObject({ trigger: 'schedule', datasetVersion: 2 });
    await expectInvariants();
    expect(forecastStart(scheduled.id)).toBe(month(60));
    expect([forecastStart(first.id), forecastStart(second.id)]).toEqual([month(48), month(48)]);

    // Registry: a model saved before the append forecasts from the new end; one saved on today's data repeats its run.
    const saved = (await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[];
    const older = saved.find((m) => m.runId === first.id && m.kind === 'seasonal_naive')!;
    const fromOlder = await postJson(`${stack.url}/models/${older.id}/forecast`, {});
    expect(fromOlder.status, JSON.stringify(fromOlder.body)).toBe(200);
    for (const s of (fromOlder.body as ModelForecast).series) {
      expect(s.timestamps).toEqual([60, 61, 62, 63, 64, 65].map(month));
      expect(s.yhat).toEqual([48, 49, 50, 51, 52, 53].map((t) => value(s.seriesId, t)));
    }
    const current = saved.find((m) => m.runId === scheduled.id && m.kind === 'seasonal_naive')!;
    const fromCurrent = await postJson(`${stack.url}/models/${current.id}/forecast`, {});
    expect(fromCurrent.status, JSON.stringify(fromCurrent.body)).toBe(200);
    for (const s of (fromCurrent.body as ModelForecast).series) {
      const stored = seen.get(scheduled.id)!.forecasts[s.seriesId]!.find((f) => f.kind === 'seasonal_naive')!;
      expect([s.timestamps, s.yhat]).toEqual([stored.timestamps, stored.yhat]);
    }
    await expectInvariants();

    // A row after a gap leaves month 60 missing; a run is scored without it; an append then fills it. The run's
    // backtests keep the actuals it was scored against (checked by expectInvariants), month 60 still missing.
    const gap = await appendCsv(stack.url, datasetId, months(61, 62));
    expect(gap.status, JSON.stringify(gap.body)).toBe(201);
    const onGap = await startRun(['naive', 'seasonal_naive']);
    expect(onGap.datasetVersion).toBe(3);
    await expectInvariants();
    const missingActual = () =>
      seen.get(onGap.id)!.backtests.north!.flatMap((b) => b.windows.flatMap((w) => w.actual.filter((_, k) => w.timestamps[k] === month(60))));
    expect(missingActual()).toEqual([null, null]);
    const filled = await appendCsv(stack.url, datasetId, months(60, 61));
    expect(filled.status, JSON.stringify(filled.body)).toBe(201);
    expect((await getJson(`${stack.url}/datasets/${datasetId}`)).body.version).toBe(4);
    await expectInvariants();
    expect(missingActual()).toEqual([null, null]);
    expect(seen.size).toBeGreaterThanOrEqual(4);
  }, 240_000);
});
