import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiFetch, getJson, postJson } from './testing/http';
import { useTestStack } from './testing/test-stack';

/** Requests whose meaning the API would otherwise guess at: refused with a 400 that names the part at fault. */
describe('requests read strictly', () => {
  const stack = useTestStack();
  const naiveRun = { datasetId: randomUUID(), horizon: 2, backtest: { windows: 1 } };

  it('refuses a query parameter the route does not read, a bracketed one (?datasetId[]=) included', async () => {
    for (const query of [`datasetId[]=${randomUUID()}`, `dataset=${randomUUID()}`]) {
      const response = await getJson(`${stack.url}/runs?${query}`);
      expect(response.status, query).toBe(400);
      const unknown = query.split('=')[0]!;
      expect(response.body.message).toBe(`Invalid request: ${unknown}: is not a query parameter of this route, which reads datasetId (each once, as ?name=value)`);
    }
    expect((await getJson(`${stack.url}/runs?datasetId=${randomUUID()}`)).status).toBe(200);
  });

  it('names the path parameter it refuses', async () => {
    const response = await getJson(`${stack.url}/datasets/not-a-uuid`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ message: 'Invalid request: id: must be a dataset id (UUID)', issues: [{ path: 'id', message: 'must be a dataset id (UUID)' }] });
  });

  it('refuses a __proto__ key in a JSON body, as any other key the schema does not know', async () => {
    const body = `{"datasetId":"${naiveRun.datasetId}","horizon":2,"models":[{"kind":"naive","params":{"__proto__":{"polluted":true}}}]}`;
    const response = await apiFetch(`${stack.url}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^Invalid request: models\.0\.params\.__proto__: /);
  });

  it('refuses constructor and prototype keys, which the schemas would drop without a word', async () => {
    for (const [body, path] of [
      [{ ...naiveRun, models: [{ kind: 'lstm', params: { constructor: { prototype: { x: 1 } } } }] }, 'models.0.params.constructor'],
      [{ ...naiveRun, models: [{ kind: 'naive', params: { prototype: 1 } }] }, 'models.0.params.prototype'],
      [{ ...naiveRun, constructor: {}, models: [{ kind: 'naive' }] }, 'constructor'],
    ] as const) {
      const response = await postJson(`${stack.url}/runs`, body);
      expect(response.status, path).toBe(400);
      expect(response.body.message).toBe(`Invalid request: ${path}: is not a key the API accepts`);
    }
  });

  it('answers these refusals in the shape of every validation error, { message, issues }', async () => {
    const response = await postJson(`${stack.url}/runs`, { ...naiveRun, models: [{ kind: 'naive', params: { prototype: 1 } }] });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'Invalid request: models.0.params.prototype: is not a key the API accepts',
      issues: [{ path: 'models.0.params.prototype', message: 'is not a key the API accepts' }],
    });
  });

  it('refuses a misspelt key anywhere in a run or a schedule, which would be ignored without a word', async () => {
    const run = { ...naiveRun, models: [{ kind: 'naive' }] };
    for (const [body, path] of [
      [{ ...run, levls: [90] }, 'levls'],
      [{ ...run, backtest: { windws: 3 } }, 'backtest.windws'],
      [{ ...run, models: [{ kind: 'lstm', parms: { units: 8 } }] }, 'models.0.parms'],
    ] as const) {
      const response = await postJson(`${stack.url}/runs`, body);
      expect(response.status, path).toBe(400);
      expect(response.body.issues, path).toContainEqual({ path: path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '', message: expect.stringContaining(path.split('.').pop()!) });
    }
    const schedule = await postJson(`${stack.url}/schedules`, { datasetId: naiveRun.datasetId, everySeconds: 3600, run: { horizon: 2, models: [{ kind: 'naive' }], seasn: 7 } });
    expect(schedule.status).toBe(400);
    expect(schedule.body.issues).toContainEqual({ path: 'run', message: expect.stringContaining('seasn') });
  });

  it('names one bound for a number past every bound, not the safe-integer range beside it', async () => {
    const response = await postJson(`${stack.url}/runs`, { ...naiveRun, horizon: 1e308, models: [{ kind: 'naive' }] });
    expect(response.status).toBe(400);
    expect(response.body.issues).toEqual([{ path: 'horizon', message: 'Too big: expected number to be <=10000' }]);
    expect(response.body.message).toBe('Invalid request: horizon: Too big: expected number to be <=10000');
  });

  it('does not echo a huge unknown key back in full', async () => {
    const key = 'k'.repeat(90_000);
    const response = await postJson(`${stack.url}/runs`, { ...naiveRun, models: [{ kind: 'naive' }], [key]: 1 });
    expect(response.status).toBe(400);
    const text = JSON.stringify(response.body);
    expect(text.length).toBeLessThan(2_000);
    expect(response.body.message).toMatch(/^Invalid request: .*kkk…/);
  });

  it('refuses a model kind given twice: the run page tells rows apart by kind', async () => {
    const models = [{ kind: 'transformer', params: { highway: false } }, { kind: 'transformer', params: { highway: true } }];
    const twice = await postJson(`${stack.url}/runs`, { ...naiveRun, models });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toMatch(/^Invalid request: models\.1\.kind: transformer is given more than once; .*start a run for each/);
  });

  it('refuses the same ensemble given twice', async () => {
    const models = [{ kind: 'naive' }, { kind: 'drift' }];
    const twice = await postJson(`${stack.url}/runs`, { ...naiveRun, models, ensembles: [{ method: 'mean', top: 2 }, { method: 'mean', top: 2 }] });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toBe('Invalid request: ensembles.1: the mean of the top 2 is given more than once; give each ensemble once');
    // Different ensembles pass validation (the dataset is then not found).
    const distinct = await postJson(`${stack.url}/runs`, { ...naiveRun, models, ensembles: [{ method: 'mean', top: 2 }, { method: 'median', top: 2 }] });
    expect(distinct.status, JSON.stringify(distinct.body)).toBe(404);
  });
});
