import type { ChildProcess } from 'node:child_process';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUT_SHORT_UPLOAD } from './testing/hostile-bodies';
import { eventually, uploadCsv } from './testing/http';
import { storedUploads } from './testing/stored-uploads';
import { spawnApi, stopProcess, useTestStack } from './testing/test-stack';

/** Long enough for a refusal to be answered first on a busy machine. */
const STALL_MS = 2_000;
const MAX_BYTES = 1024 * 1024;
const CSV = 'date,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n';

/**
 * A slow or stalled upload holds only its own request: the ingest job is queued once the whole file is stored, so it
 * never waits on a client's bytes; a client that stops sending is answered 408, and a declared length over the limit
 * 413 before any of the body is read.
 */
describe('a slow upload', () => {
  const stack = useTestStack({ ingestWaitMs: 10_000 });
  /** The API as its own process, with a short stall limit and a small upload limit. */
  let strict: { child: ChildProcess; url: string; output: () => string };

  beforeAll(async () => {
    strict = await spawnApi({ ...stack.env, UPLOAD_STALL_MS: String(STALL_MS), UPLOAD_MAX_BYTES: String(MAX_BYTES) });
  }, 120_000);
  afterAll(async () => {
    if (strict) await stopProcess(strict.child);
  });

  const stored = () => storedUploads(stack.db);

  /** Starts an upload that sends its first part and then nothing more; resolves with the answer, if one comes. */
  function stalledUpload(
    apiUrl: string,
    contentLength: number,
    firstPart = CUT_SHORT_UPLOAD,
  ): { req: ClientRequest; answer: Promise<{ res: IncomingMessage; body: string }> } {
    const { hostname: host, port } = new URL(apiUrl);
    const req = request({
      host,
      port,
      method: 'POST',
      path: '/api/datasets',
      headers: { authorization: `Bearer ${stack.key}`, 'content-type': 'multipart/form-data; boundary=XX', 'content-length': String(contentLength) },
    });
    req.on('error', () => undefined); // the server closing the connection after its answer
    req.write(firstPart);
    const answer = new Promise<{ res: IncomingMessage; body: string }>((resolve) =>
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ res, body }));
      }),
    );
    return { req, answer };
  }

  it('holds no ingest slot while it stalls: another upload is ready meanwhile', async () => {
    const before = await stored();
    const { req } = stalledUpload(stack.url, 1_000_000);
    await eventually(async () => ((await stored())['dataset ingesting'] === (before['dataset ingesting'] ?? 0) + 1 ? true : undefined), 10_000);

    const other = await uploadCsv(stack.url, { name: 'other.csv', text: CSV });
    expect(other.status, JSON.stringify(other.body)).toBe(201);

    req.destroy();
    await eventually(async () => ((await stored())['dataset ingesting'] === before['dataset ingesting'] ? true : undefined), 10_000);
  });

  it('answers a client that stops sending with a 408 that says so, closes the connection and keeps nothing', async () => {
    const before = await stored();
    const started = Date.now();
    const { req, answer } = stalledUpload(strict.url, 100_000);
    const { res, body } = await answer;
    req.destroy();
    expect(res.statusCode).toBe(408);
    expect(JSON.parse(body)).toEqual({ message: `The upload stalled: no data arrived for ${STALL_MS / 1000} s. Send the file again.`, problems: [] });
    expect(res.headers.connection).toBe('close');
    expect(Date.now() - started).toBeLessThan(10_000);
    await eventually(async () => (JSON.stringify(await stored()) === JSON.stringify(before) ? true : undefined), 10_000);
  });

  it('stops watching once the answer is out: a refused file whose client then goes quiet ends nothing', async () => {
    const workbookInName = CUT_SHORT_UPLOAD.replace('a.csv', 'a.xlsx');
    const { req, answer } = stalledUpload(strict.url, 100_000, workbookInName);
    const { res } = await answer;
    expect(res.statusCode).toBe(400);
    req.write('2024-01-02,2\n'); // drained after the answer; then silence past the stall limit
    await new Promise((r) => setTimeout(r, 2.5 * STALL_MS));
    req.destroy();
    expect(strict.output()).not.toMatch(/uncaughtException|unhandledRejection/);
    expect((await fetch(`${strict.url}/health`)).status).toBe(200);
  });

  it('refuses a declared length over the upload limit with a 413 before reading the body', async () => {
    const before = await stored();
    const { req, answer } = stalledUpload(strict.url, 100 * MAX_BYTES);
    const { res, body } = await answer;
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(body)).toEqual({ message: 'The file is larger than the upload limit of 1 MB.' });
    expect(res.headers.connection).toBe('close');
    req.destroy();
    expect(await stored()).toEqual(before);
  });
});
