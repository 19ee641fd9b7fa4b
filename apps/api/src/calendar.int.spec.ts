import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelForecast, SeriesForecast, TrainedModel } from '@foretell/contracts';
import { useTestStack } from './testing/test-stack';
import { getJson, postJson, uploadDataset, finishedRun } from './testing/http';

/** 140 days of demand from 2023-08-01 (to Dec 18): weekends low, German Unity Day (Oct 3) lower still. */
const day = (k: number) => new Date(Date.UTC(2023, 7, 1 + k)).toISOString().slice(0, 10);
const demand = (k: number) => {
  const weekday = new Date(Date.UTC(2023, 7, 1 + k)).getUTCDay();
  return (weekday === 0 || weekday === 6 ? 60 : 100) * (day(k) === '2023-10-03' ? 0.5 : 1) + (k % 3);
};
const csv = 'date,demand\n' + Array.from({ length: 140 }, (_, k) => `${day(k)},${demand(k)}`).join('\n') + '\n';

describe('calendar features in runs', () => {
  const stack = useTestStack();
  let datasetId: string;
  const finished = (id: string) => finishedRun(stack.url, id, 180_000);
  beforeAll(async () => {
    datasetId = await uploadDataset(stack.url, { name: 'demand.csv', text: csv });
  }, 120_000);

  it('stores the calendar, shows what it came to, and every model that can read it does', async () => {
    const nlinear = { kind: 'nlinear', params: { epochs: 3 } };
    const created = await postJson(`${stack.url}/runs`, {
      datasetId,
      horizon: 14,
      models: [{ kind: 'seasonal_naive' }, { kind: 'calendar_regression' }, { kind: 'auto_arima' }, nlinear],
      backtest: { windows: 2 },
      calendar: { features: ['weekday', 'hour'], holidays: 'de' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.calendar).toEqual({ features: ['weekday', 'hour'], holidays: 'DE', used: null });
    const run = await finished(created.body.id);
    expect(run.status, JSON.stringify(run.leaderboard)).toBe('completed');
    // Daily data: no hour of day; Oct 3 in the data; Dec 25, 26 and Jan 1 in the 14 days after Dec 18.
    expect(run.calendar).toEqual({
      features: ['weekday', 'hour'],
      holidays: 'DE',
      used: {
        columns: ['weekday:tue', 'weekday:wed', 'weekday:thu', 'weekday:fri', 'weekday:sat', 'weekday:sun', 'holiday'],
        features: ['weekday'],
        skipped: ['hour'],
        holidays: 'DE',
        holidaysInData: 1,
        holidaysInHorizon: 3,
      },
    });
    const byKind = new Map(run.leaderboard.map((m) => [m.kind, m]));
    expect(byKind.get('seasonal_naive')!.warnings).toContain('seasonal_naive cannot use the calendar: it forecast without it');
    for (const kind of ['calendar_regression', 'auto_arima', 'nlinear'] as const) {
      expect(byKind.get(kind)!.status).toBe('completed');
      expect(byKind.get(kind)!.warnings.join(' ')).not.toMatch(/calendar|covariates/);
    }

    // The regression read the calendar: Christmas and Boxing Day (Mon, Tue) are forecast like the low days.
    const forecasts = (await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=demand`)).body as SeriesForecast[];
    const regression = forecasts.find((f) => f.kind === 'calendar_regression')!;
    const at = (date: string) => regression.yhat[regression.timestamps.findIndex((t) => t.startsWith(date))]!;
    expect(at('2023-12-25')).toBeLessThan(at('2023-12-27') - 20);
    expect(at('2023-12-23')).toBeLessThan(at('2023-12-27') - 20);

    // NLinear read it: the same network without the calendar has fewer weights (seven input channels fewer).
    const alone = await postJson(`${stack.url}/runs`, { datasetId, horizon: 14, models: [nlinear], backtest: { windows: 2 } });
    const aloneRun = await finished(alone.body.id);
    expect(aloneRun.calendar).toBeNull();
    expect(byKind.get('nlinear')!.report!.parameterCount!).toBeGreaterThan(aloneRun.leaderboard[0]!.report!.parameterCount!);

    // Saved models rebuild the calendar for their horizon: on the same data they forecast what the run stored.
    const saved = (await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[];
    for (const kind of ['calendar_regression', 'nlinear'] as const) {
      const model = saved.find((m) => m.kind === kind && m.runId === run.id)!;
      const again = (await postJson(`${stack.url}/models/${model.id}/forecast`, {})).body as ModelForecast;
      expect(again.series[0]!.yhat).toEqual(forecasts.find((f) => f.kind === kind)!.yhat);
    }
  }, 300_000);

  it('refuses a holiday region date-holidays does not know, naming the field and the choices', async () => {
    const base = { datasetId, horizon: 14, models: [{ kind: 'naive' }] };
    const country = await postJson(`${stack.url}/runs`, { ...base, calendar: { holidays: 'XX' } });
    expect(country.status).toBe(400);
    expect(country.body.issues).toEqual([{ path: 'calendar.holidays', message: expect.stringMatching(/unknown country "XX".*\bDE\b/) }]);
    const region = await postJson(`${stack.url}/runs`, { ...base, calendar: { holidays: 'AU-XYZ' } });
    expect(region.status).toBe(400);
    expect(JSON.stringify(region.body.issues)).toMatch(/unknown region \\"XYZ\\" of AU; use one of: .*VIC/);
    const feature = await postJson(`${stack.url}/runs`, { ...base, calendar: { features: ['season'] } });
    expect(feature.status).toBe(400);
    expect(feature.body.issues[0].path).toBe('calendar.features');
  });
});
