import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLE_RANK, type Dataset, type Run, type Schedule, type TrainedModel } from '@foretell/contracts';
import { createApiKey, OWNER, sessionHeaders, signIn, type Session } from './testing/accounts';
import { apiFetch, eventually, getJson, postJson, uploadCsv } from './testing/http';
import { routes, WRITES, type Route } from './testing/routes';
import { DATASETS, startTestStack } from './testing/test-stack';

const OTHER = { email: 'other-team@example.com', password: 'another long passphrase' };

/** Workspaces keep to themselves; roles limit writes; hostile input is refused whole; secrets stay out of logs. */
describe('security', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let other: Session;
  let otherKey: string;
  let viewerKey: string;
  const keys: string[] = [];
  const ids: Record<string, string> = {};
  const logged: string[] = [];

  beforeAll(async () => {
    // Everything written to this process's output, the worker's included (the stack pipes it here).
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
        logged.push(String(chunk));
        return write(chunk as string, ...rest);
      }) as typeof stream.write);
    }
    stack = await startTestStack({ workerEnv: { SIGNUP_OPEN: 'true', LOG_LEVEL: 'log', UPLOAD_MAX_ROWS: '1000' } });
    keys.push(stack.key);
    other = await signIn(stack.url, OTHER);
    otherKey = await createApiKey(stack.url, other);
    viewerKey = await createApiKey(stack.url, stack.owner, 'viewer');
    keys.push(otherKey, viewerKey);

    // The owner's workspace holds a dataset, a completed run, its saved models and a schedule.
    const dataset = (await uploadCsv(stack.url, resolve(DATASETS, 'airline-passengers.csv'))).body as Dataset;
    const created = await postJson(`${stack.url}/runs`, { datasetId: dataset.id, horizon: 12, models: [{ kind: 'naive' }] });
    const run = await eventually(async () => {
      const { body } = await getJson(`${stack.url}/runs/${created.body.id}`);
      return body.status === 'completed' ? (body as Run) : undefined;
    });
    const [model] = (await getJson(`${stack.url}/models`)).body as TrainedModel[];
    const schedule = (await postJson(`${stack.url}/schedules`, { datasetId: dataset.id, cron: '0 3 * * 1', run: { horizon: 12, models: [{ kind: 'naive' }] } }))
      .body as Schedule;
    const [apiKey] = (await (await apiFetch(`${stack.url}/api-keys`, { headers: sessionHeaders(stack.owner) })).json()) as { id: string }[];
    Object.assign(ids, { datasets: dataset.id, runs: run.id, models: model!.id, schedules: schedule.id, 'api-keys': apiKey!.id });
  }, 180_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await stack?.stop();
  });

  const url = (route: Route) =>
    `${stack.url}/${route.path
      .replace(':id', ids[route.path.split('/')[0]!] ?? '00000000-0000-4000-8000-000000000000')
      .replace(':userId', stack.owner.me.user!.id)
      .replace(':key', 'Passengers')}${route.query.includes('seriesId') ? '?seriesId=Passengers' : ''}`;
  const call = (route: Route, headers: Record<string, string>) =>
    fetch(url(route), {
      method: route.method,
      headers: { 'content-type': 'application/json', ...headers },
      body: WRITES.has(route.method) ? '{}' : undefined,
    });

  it('knows every route (the checks below cover what the controllers declare)', () => {
    const all = routes().map((r) => `${r.method} ${r.path}`);
    expect(all).toEqual(expect.arrayContaining(['POST datasets', 'GET runs/:id/export', 'POST models/:id/forecast', 'DELETE api-keys/:id']));
    expect(all.length).toBeGreaterThan(30);
  });

  it('refuses every non-public route without credentials (401), and with a wrong or revoked key', async () => {
    const revoked = await createApiKey(stack.url, stack.owner);
    keys.push(revoked);
    const list = (await (await apiFetch(`${stack.url}/api-keys`, { headers: sessionHeaders(stack.owner) })).json()) as { id: string; prefix: string }[];
    const revokedId = list.find((k) => revoked.startsWith(k.prefix))!.id;
    const revoke = await apiFetch(`${stack.url}/api-keys/${revokedId}`, { method: 'DELETE', headers: sessionHeaders(stack.owner) });
    expect(revoke.status).toBe(200);

    for (const route of routes().filter((r) => !r.public)) {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer ft_not-a-key' }, { authorization: `Bearer ${revoked}` }, { cookie: 'foretell_session=forged' }];
      for (const headers of attempts) {
        const response = await call(route, headers);
        expect(response.status, `${route.method} ${route.path} with ${JSON.stringify(headers)}`).toBe(401);
      }
    }
    // Each says what was wrong with what it was sent: no credentials, a key refused, a session that ended.
    const messageWith = async (headers: Record<string, string>) => ((await (await fetch(`${stack.url}/datasets`, { headers })).json()) as { message: string }).message;
    expect(await messageWith({})).toMatch(/^Sign in, or send an API key/);
    expect(await messageWith({ authorization: `Bearer ${revoked}` })).toMatch(/^This API key was not accepted: it is unknown or was revoked/);
    expect(await messageWith({ cookie: 'foretell_session=forged' })).toMatch(/^Your session has ended/);
  });

  it("hides one workspace's data from another's key: ids answer 404, lists leave them out, nothing changes", async () => {
    for (const route of routes().filter((r) => !r.public && r.path.includes(':id') && r.path.split('/')[0] !== 'api-keys')) {
      const response = await call(route, { authorization: `Bearer ${otherKey}` });
      expect(response.status, `${route.method} ${route.path}`).toBe(404);
    }
    for (const list of ['datasets', 'runs', 'schedules', 'models']) {
      const response = await fetch(`${stack.url}/${list}`, { headers: { authorization: `Bearer ${otherKey}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([]);
    }
    // The owner's things are all still there, unchanged.
    expect((await getJson(`${stack.url}/datasets/${ids.datasets}`)).body.status).toBe('ready');
    expect((await getJson(`${stack.url}/runs/${ids.runs}`)).body.status).toBe('completed');
    expect((await getJson(`${stack.url}/schedules/${ids.schedules}`)).status).toBe(200);
    // Another workspace's owner cannot revoke this workspace's key either.
    const revoke = await fetch(`${stack.url}/api-keys/${ids['api-keys']}`, { method: 'DELETE', headers: sessionHeaders(other) });
    expect(revoke.status).toBe(404);
  });

  it('lets a viewer read but not write, and a member not manage keys or members', async () => {
    for (const route of routes().filter((r) => !r.public && WRITES.has(r.method) && r.minRole !== 'viewer')) {
      const response = await call(route, { authorization: `Bearer ${viewerKey}` });
      expect(response.status, `${route.method} ${route.path} as viewer`).toBe(403);
    }
    for (const route of routes().filter((r) => r.minRole === 'owner')) {
      const response = await call(route, { authorization: `Bearer ${stack.key}` });
      expect(response.status, `${route.method} ${route.path} as member`).toBe(403);
    }
    expect((await fetch(`${stack.url}/datasets`, { headers: { authorization: `Bearer ${viewerKey}` } })).status).toBe(200);
    expect(ROLE_RANK.viewer).toBeLessThan(ROLE_RANK.member);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const body = JSON.stringify({});
    const withoutToken = await fetch(`${stack.url}/runs`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: stack.owner.cookie }, body });
    expect(withoutToken.status).toBe(403);
    expect(((await withoutToken.json()) as { message: string }).message).toMatch(/CSRF/);
    const withToken = await fetch(`${stack.url}/runs`, { method: 'POST', headers: { 'content-type': 'application/json', ...sessionHeaders(stack.owner) }, body });
    expect(withToken.status).toBe(400);
  });

  it('refuses hostile uploads and bodies with a 4xx and stores nothing', async () => {
    const before = ((await getJson(`${stack.url}/datasets`)).body as Dataset[]).length;
    const csv = 'month,value\n2020-01,1\n2020-02,2\n2020-03,3\n';
    const binary = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919) % 256));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    const hugeField = `id,month,value\n${'x'.repeat(9 * 1024 * 1024)},2020-01,1\n`;
    const tooManyRows = 'day,value\n' + Array.from({ length: 1001 }, (_, i) => `${new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10)},${i}`).join('\n') + '\n';
    const cases: [string, () => Promise<{ status: number; body: { message?: string } }>][] = [
      ['script in the name', () => uploadCsv(stack.url, { name: 'ok.csv', text: csv }, { name: '<script>alert(1)</script>' })],
      ['path in the file name', () => uploadCsv(stack.url, { name: '../../etc/passwd.csv', text: csv })],
      ['binary content', () => uploadCsv(stack.url, { name: 'noise.csv', text: binary.toString('latin1') })],
      ['UTF-16 text', () => postRaw(stack.url, 'utf16.csv', utf16)],
      ['a 9 MB field', () => uploadCsv(stack.url, { name: 'huge.csv', text: hugeField })],
      ['more rows than UPLOAD_MAX_ROWS', () => uploadCsv(stack.url, { name: 'long.csv', text: tooManyRows })],
      ['a 2 MB JSON body', () => postJson(`${stack.url}/runs`, { datasetId: ids.datasets, horizon: 1, models: [{ kind: 'naive' }], pad: 'x'.repeat(2 << 20) })],
      ['a script as a schedule name', () => postJson(`${stack.url}/schedules`, { datasetId: ids.datasets, name: '<img src=x onerror=alert(1)>', everySeconds: 60, run: { horizon: 1, models: [{ kind: 'naive' }] } })],
    ];
    for (const [what, send] of cases) {
      const { status, body } = await send();
      expect(status, `${what}: ${JSON.stringify(body).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(status, what).toBeLessThan(500);
      expect(body.message, what).toBeTruthy();
    }
    expect(((await getJson(`${stack.url}/datasets`)).body as Dataset[]).length).toBe(before);
    expect(((await getJson(`${stack.url}/schedules`)).body as Schedule[]).length).toBe(1);
  }, 120_000);

  it('defuses spreadsheet formulas in CSV exports', async () => {
    const text = 'id,month,value\n' + ['=HYPERLINK("http://evil")', '@SUM(A1)'].flatMap((id) => [1, 2, 3, 4, 5, 6].map((m) => `"${id.replace(/"/g, '""')}",2020-0${m},${m}`)).join('\n') + '\n';
    const upload = await uploadCsv(stack.url, { name: 'formulas.csv', text });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const created = await postJson(`${stack.url}/runs`, { datasetId: upload.body.id, horizon: 1, models: [{ kind: 'naive' }] });
    await eventually(async () => ((await getJson(`${stack.url}/runs/${created.body.id}`)).body.status === 'completed' ? true : undefined));
    const exported = await (await apiFetch(`${stack.url}/runs/${created.body.id}/export`)).text();
    const rows = exported.trim().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/^"?'[=@]/);
  });

  it('limits failed sign-ins (429) and never logs passwords or keys', async () => {
    const tries: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${stack.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: OTHER.email, password: `wrong guess ${i}` }),
      });
      tries.push(response.status);
    }
    expect(tries.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(tries.slice(10)).toEqual([429, 429]);
    // Even the right password waits out the window.
    const locked = await fetch(`${stack.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OTHER) });
    expect(locked.status).toBe(429);

    const output = logged.join('');
    expect(output.length).toBeGreaterThan(1_000);
    for (const secret of [OWNER.password, OTHER.password, ...keys]) expect(output).not.toContain(secret);
  });
});

/** Multipart with raw bytes as the file (no text round trip). */
async function postRaw(apiUrl: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'text/csv' }), name);
  const response = await apiFetch(`${apiUrl}/datasets`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as { message?: string } };
}

