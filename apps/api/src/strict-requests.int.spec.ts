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
      expect(response.body.message).toBe(`Invalid request: ${path}: is not a key the API accepts.`);
    }
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
