import { describe, expect, it } from 'vitest';
import type { Run, SeriesBacktest, SeriesForecast } from '@foretell/contracts';
import { Prisma } from '@foretell/db';
import { useTestStack } from './testing/test-stack';
import { apiFetch, appendCsv, getJson, postJson, uploadCsv, finishedRun } from './testing/http';

/** Months `from` … `to` - 1 after 1949-01 of a trending, seasonal series named Passengers; months in `blank` have no value. */
function airline(from: number, to: number, blank: number[] = []) {
  const lines = ['month,Passengers'];
  for (let t = from; t < to; t++) {
    const month = new Date(Date.UTC(1949, t, 1)).toISOString().slice(0, 7);
    lines.push(`${month},${blank.includes(t) ? '' : 100 + 2 * t + Math.round(20 * Math.sin((2 * Math.PI * t) / 12))}`);
  }
  return { name: 'airline.csv', text: lines.join('\n') + '\n' };
}

/** A run's results are its own and stay as it produced them: other runs of the dataset and later rows change nothing. */
describe('run results', () => {
  const stack = useTestStack();

  async function completedRun(datasetId: string, kinds: string[]): Promise<Run> {
    const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 6, models: kinds.map((kind) => ({ kind })), backtest: { windows: 1 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await finishedRun(stack.url, created.body.id);
    expect(run.status).toBe('completed');
    return run;
  }
  const forecasts = async (runId: string) => (await getJson(`${stack.url}/runs/${runId}/forecasts?seriesId=Passengers`)).body as SeriesForecast[];
  const backtests = async (runId: string) => (await getJson(`${stack.url}/runs/${runId}/backtests?seriesId=Passengers`)).body as SeriesBacktest[];
  const exported = async (runId: string, what: string) => (await apiFetch(`${stack.url}/runs/${runId}/export?what=${what}`)).text();

  it("returns only the run's own forecasts when another run of the dataset shares a model kind, and keeps them when rows are appended", async () => {
    // 48 months, 1949-01 … 1952-12: the forecasts start at 1953-01.
    const upload = await uploadCsv(stack.url, airline(0, 48));
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const first = await completedRun(upload.body.id, ['naive', 'seasonal_naive']);
    const second = await completedRun(upload.body.id, ['naive', 'theta']);

    const firstForecasts = await forecasts(first.id);
    expect(firstForecasts.map((f) => f.kind)).toEqual(['naive', 'seasonal_naive']);
    expect((await forecasts(second.id)).map((f) => f.kind)).toEqual(['naive', 'theta']);
    expect(firstForecasts[0]!.timestamps[0]).toBe('1953-01-01T00:00:00.000Z');
    expect((await backtests(first.id)).map((b) => b.kind)).toEqual(['naive', 'seasonal_naive']);
    const before = {
      forecasts: firstForecasts,
      backtests: await backtests(first.id),
      csv: await exported(first.id, 'forecasts'),
      backtestCsv: await exported(first.id, 'backtests'),
    };
    expect(before.csv.split('\n').filter(Boolean)).toHaveLength(1 + 2 * 6);

    // A year of new months: what the finished run produced keeps its dates and values, in JSON and in the CSV.
    const append = await appendCsv(stack.url, upload.body.id, airline(48, 60));
    expect(append.status, JSON.stringify(append.body)).toBe(201);
    expect((await getJson(`${stack.url}/datasets/${upload.body.id}`)).body.version).toBe(2);
    expect(await forecasts(first.id)).toEqual(before.forecasts);
    expect(await backtests(first.id)).toEqual(before.backtests);
    expect(await exported(first.id, 'forecasts')).toBe(before.csv);
    expect(await exported(first.id, 'backtests')).toBe(before.backtestCsv);
  }, 120_000);

  it('keeps the actuals a backtest was scored against when a later append fills a missing value', async () => {
    // Month 45 (1952-10) is missing, inside the backtest window (months 42 … 47).
    const upload = await uploadCsv(stack.url, airline(0, 48, [45]));
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const run = await completedRun(upload.body.id, ['naive']);
    const before = { backtests: await backtests(run.id), csv: await exported(run.id, 'backtests') };
    expect(before.backtests[0]!.windows[0]!.actual[3]).toBeNull();

    // The append fills month 45: the run was scored without it, so its backtest still shows it missing.
    const append = await appendCsv(stack.url, upload.body.id, airline(45, 46));
    expect(append.status, JSON.stringify(append.body)).toBe(201);
    expect((await getJson(`${stack.url}/datasets/${upload.body.id}`)).body.version).toBe(2);
    expect(await backtests(run.id)).toEqual(before.backtests);
    expect(await exported(run.id, 'backtests')).toBe(before.csv);
  }, 120_000);

  it("serves only the models that completed: a cancelled model's rows, saved by its shards before the cancel, are neither read nor exported", async () => {
    const lines = ['month,series,value'];
    for (const key of ['shop-a', 'shop-b']) {
      for (let t = 0; t < 36; t++) lines.push(`${new Date(Date.UTC(2000, t, 1)).toISOString().slice(0, 7)},${key},${100 + t + (t % 12)}`);
    }
    const upload = await uploadCsv(stack.url, { name: 'shops.csv', text: lines.join('\n') + '\n' });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const run = await completedRun(upload.body.id, ['naive', 'theta']);
    // What a cancel leaves of a sharded run: theta's shards had saved their series' rows (no intervals yet, no rank)
    // when the cancel reached it; naive had completed before.
    const theta = run.leaderboard.find((m) => m.kind === 'theta')!;
    await stack.db.prisma.$transaction([
      stack.db.prisma.run.update({ where: { id: run.id }, data: { status: 'cancelled' } }),
      stack.db.prisma.runModel.update({ where: { id: theta.runModelId }, data: { status: 'cancelled', rank: null, metrics: Prisma.DbNull } }),
      stack.db.prisma.forecast.updateMany({ where: { runModelId: theta.runModelId }, data: { intervals: Prisma.DbNull } }),
    ]);
    expect(await stack.db.prisma.forecast.count({ where: { runModelId: theta.runModelId } })).toBe(2);

    const url = `${stack.url}/runs/${run.id}`;
    expect(((await getJson(`${url}/forecasts?seriesId=shop-a`)).body as SeriesForecast[]).map((f) => f.kind)).toEqual(['naive']);
    expect(((await getJson(`${url}/backtests?seriesId=shop-a`)).body as SeriesBacktest[]).map((b) => b.kind)).toEqual(['naive']);
    for (const what of ['forecasts', 'backtests']) {
      const [header, ...rows] = (await exported(run.id, what)).trim().split('\n');
      const model = header!.split(',').indexOf('model');
      expect(rows.length, what).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => row.split(',')[model])), what).toEqual(new Set(['naive']));
    }
  }, 120_000);

  it('exports CSVs sorted by series and time, with every figure as the JSON reads give it (read back, the same number)', async () => {
    // Three series listed out of order in the file, with values that forecast to long decimals.
    const lines = ['month,series,value'];
    for (const key of ['shop-b', 'shop-10', 'shop-a']) {
      for (let t = 0; t < 36; t++) lines.push(`${new Date(Date.UTC(2000, t, 1)).toISOString().slice(0, 7)},${key},${(100 + t + (t % 12) / 7).toFixed(4)}`);
    }
    const upload = await uploadCsv(stack.url, { name: 'shops.csv', text: lines.join('\n') + '\n' });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const run = await completedRun(upload.body.id, ['theta', 'naive']);
    const json = async (key: string) => ({
      forecasts: (await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=${key}`)).body as SeriesForecast[],
      backtests: (await getJson(`${stack.url}/runs/${run.id}/backtests?seriesId=${key}`)).body as SeriesBacktest[],
    });
    const reads = Object.fromEntries(await Promise.all(['shop-10', 'shop-a', 'shop-b'].map(async (key) => [key, await json(key)] as const)));

    for (const what of ['forecasts', 'backtests'] as const) {
      const [header, ...rows] = (await exported(run.id, what)).trim().split('\n');
      const columns = header!.split(',');
      const cells = rows.map((row) => row.split(','));
      const at = (name: string) => columns.indexOf(name);
      const keys = cells.map((c) => `${c[at('series_id')]}\u0000${c[at('timestamp')]}`);
      expect(keys, `${what} sorted by series, then time`).toEqual([...keys].sort());
      expect(new Set(cells.map((c) => c[at('series_id')]))).toEqual(new Set(['shop-10', 'shop-a', 'shop-b']));
      // Each line's figures, read back, are the numbers of the JSON read of its series, model and time.
      for (const c of cells) {
        const read = reads[c[at('series_id')]!]!;
        const figure = (name: string) => (c[at(name)] === '' ? null : Number(c[at(name)]));
        if (what === 'forecasts') {
          const f = read.forecasts.find((s) => s.kind === c[at('model')])!;
          const k = f.timestamps.indexOf(c[at('timestamp')]!);
          expect([figure('yhat'), figure('lo_80'), figure('hi_95')], c.join(',')).toEqual([f.yhat[k], f.intervals['80']!.lo[k], f.intervals['95']!.hi[k]]);
        } else {
          const w = read.backtests.find((s) => s.kind === c[at('model')])!.windows[Number(c[at('window')]) - 1]!;
          const k = w.timestamps.indexOf(c[at('timestamp')]!);
          expect([figure('actual'), figure('yhat')], c.join(',')).toEqual([w.actual[k], w.yhat[k]]);
        }
      }
      // Theta's figures of these values have more than six significant digits: the comparison is not vacuous.
      const yhats = cells.map((c) => c[at('yhat')]!);
      expect(yhats.some((f) => f.replace(/^-?0*\.?0*|[.-]/g, '').length > 6), what).toBe(true);
    }
  }, 120_000);
});
