import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelForecast, Run, SeriesForecast, TrainedModel } from '@foretell/contracts';
import { DATASETS, useTestStack } from './testing/test-stack';
import { apiFetch, eventually, getJson, postJson, uploadDataset, finishedRun } from './testing/http';

/** The first 1,000 hours of ETTh2: OT (oil temperature) and the six load columns beside it. */
const etth2 = readFileSync(resolve(DATASETS, 'ETTh2.csv'), 'utf8').split('\n').slice(0, 1001).join('\n') + '\n';

/** Runs that forecast some series of a wide dataset and read others as covariates. */
describe('covariates in runs', () => {
  const stack = useTestStack();
  let datasetId: string;
  beforeAll(async () => {
    datasetId = await uploadDataset(stack.url, { name: 'etth2.csv', text: etth2 });
  }, 120_000);

  it('forecasts only the targets; models that can read covariates do, the others say they did not', async () => {
    const created = await postJson(`${stack.url}/runs`, {
      datasetId,
      horizon: 24,
      models: [{ kind: 'seasonal_naive' }, { kind: 'nlinear', params: { epochs: 3 } }],
      backtest: { windows: 1 },
      covariates: { target: ['OT'], past: ['HUFL', 'MUFL'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.covariates).toEqual({ target: ['OT'], past: ['HUFL', 'MUFL'], future: [] });
    const run = await finishedRun(stack.url, created.body.id, 180_000);
    expect(run.status).toBe('completed');
    const byKind = new Map(run.leaderboard.map((m) => [m.kind, m]));
    expect(byKind.get('nlinear')!.status).toBe('completed');
    expect(byKind.get('nlinear')!.warnings.join(' ')).not.toMatch(/covariates/);
    expect(byKind.get('seasonal_naive')!.warnings).toContain('seasonal_naive cannot use covariates: it forecast the targets alone');

    const ot = (await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=OT`)).body as SeriesForecast[];
    expect(ot.map((f) => f.kind).sort()).toEqual(['nlinear', 'seasonal_naive']);
    expect(ot[0]!.yhat).toHaveLength(24);
    expect((await getJson(`${stack.url}/runs/${run.id}/forecasts?seriesId=HUFL`)).body).toEqual([]);
    const csv = (await (await apiFetch(`${stack.url}/runs/${run.id}/export`)).text()).trim().split('\n');
    expect(csv).toHaveLength(1 + 2 * 24);
    expect(csv.slice(1).every((line) => line.startsWith('OT,'))).toBe(true);

    // It did read them: the same network on OT alone has fewer weights (two input channels fewer).
    const alone = await postJson(`${stack.url}/runs`, {
      datasetId,
      horizon: 24,
      models: [{ kind: 'nlinear', params: { epochs: 3 } }],
      backtest: { windows: 1 },
    });
    const aloneRun = await eventually(async () => {
      const { body } = await getJson(`${stack.url}/runs/${alone.body.id}`);
      return body.status === 'completed' ? (body as Run) : undefined;
    }, 180_000);
    expect(byKind.get('nlinear')!.report!.parameterCount!).toBeGreaterThan(aloneRun.leaderboard[0]!.report!.parameterCount!);

    // The saved NLinear reads the covariates again: on the same data it forecasts exactly what the run stored.
    const saved = ((await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[]).find((m) => m.kind === 'nlinear' && m.runId === run.id)!;
    expect(saved.seriesCount).toBe(1);
    const again = (await postJson(`${stack.url}/models/${saved.id}/forecast`, {})).body as ModelForecast;
    expect(again.series.map((s) => s.seriesId)).toEqual(['OT']);
    expect(again.series[0]!.yhat).toEqual(ot.find((f) => f.kind === 'nlinear')!.yhat);
  }, 240_000);

  it('refuses covariates that are not series of the dataset, or that play two roles', async () => {
    const base = { datasetId, horizon: 24, models: [{ kind: 'naive' }] };
    const unknown = await postJson(`${stack.url}/runs`, { ...base, covariates: { target: ['OT'], past: ['Nope'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/no series "Nope"/);
    const twice = await postJson(`${stack.url}/runs`, { ...base, covariates: { target: ['OT'], past: ['OT'] } });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toMatch(/one role only/);
    // Future covariates need values for the forecast steps, which a file ending with its target lacks.
    const future = await postJson(`${stack.url}/runs`, { ...base, covariates: { target: ['OT'], future: ['HUFL'] } });
    expect(future.status).toBe(400);
    expect(future.body.message).toMatch(/Future covariate "HUFL" has 1000 points; target "OT" has 1000, so it needs 1024/);
  });
});
