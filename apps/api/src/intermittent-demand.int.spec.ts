import { describe, expect, it } from 'vitest';
import type { Dataset, SeriesSummary } from '@foretell/contracts';
import { useTestStack } from './testing/test-stack';
import { getJson, postJson, uploadCsv, finishedRun } from './testing/http';

/** Spare-parts demand through the real API and worker: classes in the profile and series, then auto_intermittent. */
describe('intermittent demand', () => {
  const stack = useTestStack();

  // 36 months: a part ordered every third month in equal lots, a lumpy one, and a part that sells every month.
  const months = Array.from({ length: 36 }, (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  const rows = months.flatMap((m, i) => [
    `bolt,${m},${i % 3 === 2 ? 6 : 0}`,
    `gear,${m},${i % 4 === 3 ? (i % 8 === 3 ? 1 : 20) : 0}`,
    `filter,${m},${40 + (i % 5)}`,
  ]);

  it('profiles demand classes, lists each series\' class, and forecasts with auto_intermittent', async () => {
    const upload = await uploadCsv(stack.url, { name: 'parts.csv', text: ['part,month,qty', ...rows].join('\n') });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const dataset = upload.body as Dataset;
    expect(dataset.profile?.demandClasses).toEqual({ smooth: 1, erratic: 0, intermittent: 1, lumpy: 1 });

    const listed = await getJson(`${stack.url}/datasets/${dataset.id}/series?limit=10`);
    expect(listed.status).toBe(200);
    expect((listed.body as SeriesSummary[]).map((s) => [s.id, s.demandClass])).toEqual([
      ['bolt', 'intermittent'],
      ['gear', 'lumpy'],
      ['filter', 'smooth'],
    ]);

    const created = await postJson(`${stack.url}/runs`, {
      datasetId: dataset.id,
      horizon: 6,
      models: [{ kind: 'auto_intermittent' }, { kind: 'croston', params: { optimize: true } }],
      backtest: { windows: 2 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const run = await finishedRun(stack.url, created.body.id, 120_000);
    expect(run.status, JSON.stringify(run)).toBe('completed');
    expect(run.leaderboard.map((m) => m.status)).toEqual(['completed', 'completed']);
    const forecasts = await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=bolt`);
    const auto = forecasts.body.find((f: { kind: string }) => f.kind === 'auto_intermittent');
    // IMAPA: a flat demand rate near 6 every third month, 2 a month (exact values are checked in libs/forecasting).
    expect(new Set(auto.yhat).size).toBe(1);
    expect(auto.yhat[0]).toBeGreaterThan(1.8);
    expect(auto.yhat[0]).toBeLessThan(2.4);
  });

  it('refuses bad parameters of an intermittent model with what is at fault', async () => {
    const upload = await uploadCsv(stack.url, { name: 'parts-2.csv', text: ['part,month,qty', ...rows].join('\n') });
    const refused = await postJson(`${stack.url}/runs`, {
      datasetId: upload.body.id,
      horizon: 6,
      models: [{ kind: 'tsb', params: { alphaP: 1.5 } }],
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('alphaP');
  });
});
