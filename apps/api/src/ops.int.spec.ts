import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '@foretell/contracts';
import { sessionHeaders } from './testing/accounts';
import { eventually, getJson, postJson, uploadCsv, apiFetch } from './testing/http';
import { DATASETS, useTestStack } from './testing/test-stack';

/** What an operator reads: health, the queue board and the worker's JSON log records. */
describe('operations', () => {
  const stack = useTestStack({ workerEnv: { LOG_LEVEL: 'log', LOG_FORMAT: 'json' } });
  const lines: string[] = [];
  beforeAll(async () => {
    let rest = '';
    stack.worker.stdout?.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString();
      lines.push(...text.split('\n').slice(0, -1));
      rest = text.slice(text.lastIndexOf('\n') + 1);
    });
  }, 120_000);

  it('reports Postgres and Redis separately', async () => {
    const health = await getJson(`${stack.url}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'up', postgres: { status: 'up' }, redis: { status: 'up' } });
    expect((await getJson(`${stack.url}/health/redis`)).body.status).toBe('up');
  });

  it('serves bull-board over every queue at /api/admin/queues, to the installation operator only', async () => {
    const asOperator = { headers: sessionHeaders(stack.owner) };
    const page = await apiFetch(`${stack.url}/admin/queues`, asOperator);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const api = await apiFetch(`${stack.url}/admin/queues/api/queues`, asOperator);
    expect(api.status).toBe(200);
    // A workspace's API key (no user) and no credentials at all are refused.
    expect((await apiFetch(`${stack.url}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${stack.url}/admin/queues/api/queues`)).status).toBe(401);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['ingest', 'runs', 'model-fits']));
  });

  it("lets bull-board's own page retry jobs: it sends the CSRF token as axios does (XSRF-TOKEN cookie, X-XSRF-TOKEN header)", async () => {
    const page = await apiFetch(`${stack.url}/admin/queues`, { headers: { cookie: stack.owner.cookie } });
    const xsrf = page.headers.getSetCookie().find((c) => c.startsWith('XSRF-TOKEN='));
    expect(xsrf).toBeDefined();
    const token = decodeURIComponent(xsrf!.split(';')[0]!.slice('XSRF-TOKEN='.length));
    expect(token).toBe(stack.owner.csrf);
    const retry = (headers: Record<string, string>) =>
      apiFetch(`${stack.url}/admin/queues/api/queues/ingest/retry/failed`, { method: 'PUT', headers: { cookie: stack.owner.cookie, ...headers } });
    expect((await retry({ 'x-xsrf-token': token })).status).toBe(200);
    // Still a double submit: without the token, or with another, the write is refused.
    expect((await retry({})).status).toBe(403);
    expect((await retry({ 'x-xsrf-token': 'forged' })).status).toBe(403);
  });

  it('logs one JSON object per line, with the run, job and model ids, and no connection string', async () => {
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'airline-passengers.csv'));
    expect(upload.status).toBe(201);
    const created = await postJson(`${stack.url}/runs`, { datasetId: upload.body.id, horizon: 12, models: [{ kind: 'naive' }] });
    expect(created.status).toBe(201);
    const run = created.body as Run;
    const runModelId = run.leaderboard[0]!.runModelId;
    const completed = await eventually(async () => {
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      return records.find((r) => r.message === 'Job completed' && r.queue === 'model-fits' && r.runId === run.id);
    });
    expect(completed).toMatchObject({ level: 'log', context: 'worker', jobId: runModelId, runModelId, runId: run.id });
    expect(typeof completed.timestamp).toBe('number');
    expect(lines.join('\n')).not.toMatch(/postgres(ql)?:\/\//);
  });
});
