import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from './testing/accounts';
import { HOSTILE_BODIES, HOSTILE_PARAMS } from './testing/hostile-bodies';
import { eventually, getJson, postJson, uploadCsv } from './testing/http';
import { routes, WRITES, type Route } from './testing/routes';
import { spawnApi, useTestStack, stopProcess } from './testing/test-stack';

/** The tables a request could leave half-written (sessions come and go with sign-ins, so they are left out). */
const TABLES = ['Dataset', 'DatasetUpload', 'UploadChunk', 'Series', 'Run', 'RunModel', 'Forecast', 'TrainedModel', 'Schedule', 'User', 'Workspace', 'Membership', 'ApiKey'];

/**
 * Every write route (read from the controllers), sent every truncated or malformed body, as an authorised caller of
 * the API running as its own process: no 5xx, the process keeps answering, and no table gains or loses a row.
 */
describe('hostile requests against every route', () => {
  const stack = useTestStack({ ingestWaitMs: 10_000, workerEnv: { UPLOADS_PER_HOUR: '1000', UPLOADS_PER_WORKSPACE_HOUR: '1000' } });
  let api: { child: ChildProcess; url: string; output: () => string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await spawnApi(stack.env);
    const text = 'month,value\n' + Array.from({ length: 24 }, (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${i + 1}`).join('\n') + '\n';
    const dataset = await uploadCsv(api.url, { name: 'base.csv', text });
    expect(dataset.status, JSON.stringify(dataset.body)).toBe(201);
    const run = await postJson(`${api.url}/runs`, { datasetId: dataset.body.id, horizon: 2, models: [{ kind: 'naive' }] });
    await eventually(async () => ((await getJson(`${api.url}/runs/${run.body.id}`)).body.status === 'completed' ? true : undefined));
    const [model] = (await getJson(`${api.url}/models`)).body as { id: string }[];
    // Paused: "run now" ignores its body, so a hostile body would start a run whose rows land during later probes.
    const schedule = await postJson(`${api.url}/schedules`, { datasetId: dataset.body.id, cron: '0 3 * * 1', paused: true, run: { horizon: 2, models: [{ kind: 'naive' }] } });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    Object.assign(ids, { datasets: dataset.body.id, runs: run.body.id, models: model!.id, schedules: schedule.body.id });
  }, 180_000);
  afterAll(async () => {
    if (api) await stopProcess(api.child);
  });

  async function rowCounts() {
    const { rows } = await stack.db.pool.query<Record<string, number>>(`SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(', ')}`);
    return rows[0]!;
  }

  /** A URL that carries a NUL, which no route may accept. */
  const hostile = (url: string) => /%00/.test(url);
  /** Real ids where the route reads its body after finding the thing; a fresh one where a valid call would delete it. */
  const url = (route: Route) =>
    `${api.url}/${route.path
      .replace(':id', route.method === 'DELETE' ? randomUUID() : (ids[route.path.split('/')[0]!] ?? randomUUID()))
      .replace(':userId', randomUUID())}`;
  /** The owner's session where the route needs an owner, a member's API key elsewhere. */
  const credentials = (route: Route): Record<string, string> =>
    route.minRole === 'owner' ? sessionHeaders(stack.owner) : { authorization: `Bearer ${stack.key}` };

  it('covers every write route and every kind of body', () => {
    const writes = routes().filter((r) => WRITES.has(r.method)).map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual(expect.arrayContaining(['POST datasets', 'POST datasets/:id/rows', 'POST datasets/preview', 'POST runs', 'PATCH schedules/:id']));
    expect(HOSTILE_BODIES.length).toBeGreaterThan(15);
  });

  it('answers every read route given hostile path or query parameters with a 4xx that names the fault, never a 5xx', async () => {
    const reads = routes().filter((r) => r.method === 'GET');
    expect(reads.map((r) => `${r.path} ?${r.query.join('&')}`)).toEqual(
      expect.arrayContaining(['datasets/:id/series/:key ?', 'runs/:id/forecasts ?seriesId', 'runs/:id/backtests ?seriesId', 'datasets/:id/series ?search&limit&after']),
    );
    const real = (path: string) => path.replace(':id', ids[path.split('/')[0]!] ?? randomUUID()).replace(/:\w+/g, 'value');
    const probes = reads.flatMap((route) =>
      HOSTILE_PARAMS.flatMap((hostile) => [
        // Each path parameter hostile in turn, the others real.
        ...(route.path.match(/:\w+/g) ?? []).map((param) => ({
          what: `GET ${route.path} with ${param} ${hostile.what}`,
          url: `${api.url}/${real(route.path.replace(param, hostile.raw))}`,
        })),
        // Each query parameter hostile in turn.
        ...route.query.map((name) => ({ what: `GET ${route.path}?${name}= ${hostile.what}`, url: `${api.url}/${real(route.path)}?${name}=${hostile.raw}` })),
      ]),
    );
    const failures: string[] = [];
    for (const { what, url } of probes) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${stack.key}` } }).catch((error: Error) => error);
      if (response instanceof Error) {
        failures.push(`${what}: no answer (${String(response.cause ?? response.message)})`);
        continue;
      }
      const text = await response.text();
      if (response.status >= 500) failures.push(`${what}: ${response.status} ${text.slice(0, 200)}`);
      else if (response.status >= 400 && !(JSON.parse(text) as { message?: string }).message) failures.push(`${what}: ${response.status} without a message`);
      else if (response.status < 400 && hostile(url)) failures.push(`${what}: ${response.status}, a NUL was accepted`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses a NUL in a path parameter, a query parameter or a JSON string with a 400 naming it, storing nothing', async () => {
    const before = await rowCounts();
    const headers = { authorization: `Bearer ${stack.key}` };
    const series = await fetch(`${api.url}/datasets/${ids.datasets}/series/a%00b`, { headers });
    expect(series.status).toBe(400);
    expect(((await series.json()) as { message: string }).message).toMatch(/key.*NUL/);
    const forecasts = await fetch(`${api.url}/runs/${ids.runs}/forecasts?seriesId=%00`, { headers });
    expect(forecasts.status).toBe(400);
    expect(((await forecasts.json()) as { message: string }).message).toMatch(/seriesId.*NUL/);
    const key = await fetch(`${api.url}/api-keys`, {
      method: 'POST',
      headers: { ...sessionHeaders(stack.owner), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'a\u0000b', role: 'member' }),
    });
    expect(key.status).toBe(400);
    expect(((await key.json()) as { message: string }).message).toMatch(/name.*NUL/);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a JSON body that is not valid UTF-8 with a 400 that says so, instead of storing U+FFFD', async () => {
    const before = await rowCounts();
    const response = await fetch(`${api.url}/api-keys`, {
      method: 'POST',
      headers: { ...sessionHeaders(stack.owner), 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"name":"key '), Buffer.from([0xff, 0xfe]), Buffer.from('","role":"member"}')]),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/not valid UTF-8/);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers each with a 4xx (or a harmless 2xx), keeps serving, and stores nothing', async () => {
    let before = await rowCounts();
    let seen = api.output().length;
    const failures: string[] = [];
    for (const route of routes().filter((r) => WRITES.has(r.method))) {
      for (const hostile of HOSTILE_BODIES) {
        const what = `${route.method} ${route.path} with ${hostile.what}`;
        const headers = { ...credentials(route), ...(hostile.contentType && { 'content-type': hostile.contentType }) };
        const response = await fetch(url(route), { method: route.method, headers, body: hostile.body }).catch((error: Error) => error);
        if (response instanceof Error) {
          failures.push(`${what}: no answer (${String(response.cause ?? response.message)})`);
        } else {
          const text = await response.text();
          if (response.status >= 500) failures.push(`${what}: ${response.status} ${text.slice(0, 200)}`);
          if (response.status >= 400 && !(JSON.parse(text) as { message?: string }).message) failures.push(`${what}: ${response.status} without a message`);
        }
        if (api.child.exitCode !== null) throw new Error(`${what} ended the API:\n${api.output().slice(-2_000)}`);
        // The last-resort handler keeps the process up; reaching it is still a failure of the request's handling.
        const lastResort = api.output().slice(seen).match(/"event":"(uncaughtException|unhandledRejection)"/);
        if (lastResort) failures.push(`${what}: reached the last-resort handler (${lastResort[1]})`);
        seen = api.output().length;
        const health = await fetch(`${api.url}/health`);
        if (health.status !== 200) failures.push(`${what}: health then answered ${health.status}`);
        const after = await rowCounts();
        const changed = TABLES.filter((t) => after[t] !== before[t]).map((t) => `${t} ${before[t]} -> ${after[t]}`);
        if (changed.length > 0) failures.push(`${what}: rows changed (${changed.join(', ')})`);
        before = after;
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
