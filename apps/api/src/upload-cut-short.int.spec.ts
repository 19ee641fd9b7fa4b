import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUT_SHORT_UPLOAD } from './testing/hostile-bodies';
import { getJson, uploadCsv } from './testing/http';
import { storedUploads } from './testing/stored-uploads';
import { spawnApi, useTestStack, stopProcess } from './testing/test-stack';

/**
 * An upload whose body ends early, on every upload route, against the API running as its own process: the request gets
 * a 400 that says what to do, the process keeps serving, and nothing of the upload is left in Postgres.
 */
describe('an upload cut short', () => {
  const stack = useTestStack({ ingestWaitMs: 10_000 });
  let api: { child: ChildProcess; url: string; output: () => string };
  let datasetId: string;

  beforeAll(async () => {
    api = await spawnApi(stack.env);
    const created = await uploadCsv(api.url, { name: 'base.csv', text: 'date,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    datasetId = created.body.id;
  }, 120_000);
  afterAll(async () => {
    if (api) await stopProcess(api.child);
  });

  const stored = () => storedUploads(stack.db);

  const post = (path: string, body: string) =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'multipart/form-data; boundary=XX' },
      body,
    });

  for (const [route, path] of [
    ['POST /datasets', () => '/datasets'],
    ['POST /datasets/:id/rows', () => `/datasets/${datasetId}/rows`],
  ] as const) {
    it(`${route}: answers 400, keeps serving and stores nothing`, async () => {
      const before = await stored();
      const response = await post(path(), CUT_SHORT_UPLOAD);
      const body = (await response.json()) as { message: string };
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(body.message).toMatch(/ended before the file was complete.*send the whole file again/i);

      expect(api.child.exitCode, api.output().slice(-2_000)).toBeNull();
      expect((await getJson(`${api.url}/health`)).status).toBe(200);
      expect(await stored()).toEqual(before);
    });
  }

  it('a client that hangs up mid-upload leaves nothing behind and the API keeps serving', async () => {
    const before = await stored();
    const { hostname: host, port } = new URL(api.url);
    const req = request({
      host,
      port,
      method: 'POST',
      path: '/api/datasets',
      headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'multipart/form-data; boundary=XX', 'content-length': '1000000' },
    });
    req.on('error', () => undefined); // the hang-up below
    req.write(CUT_SHORT_UPLOAD + '2024-01-02,2\n'.repeat(1_000));
    // Hang up once the API has begun storing the upload.
    await until(async () => (await stored())['dataset ingesting'] === 1);
    expect((await stored())['dataset ingesting']).toBe(1);
    req.destroy();
    await until(async () => JSON.stringify(await stored()) === JSON.stringify(before));
    expect(await stored()).toEqual(before);
    expect(api.child.exitCode).toBeNull();
    expect((await getJson(`${api.url}/health`)).status).toBe(200);
  });
});

/** Waits up to 10 s for `check` to hold (the caller asserts afterwards). */
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
