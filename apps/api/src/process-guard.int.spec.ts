import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './testing/http';
import { spawnApi, useTestStack, stopProcess } from './testing/test-stack';

/** The API as its own process: an error nothing caught is logged as a record, and the process keeps serving. */
describe('the last-resort handler', () => {
  const stack = useTestStack();
  let api: { child: ChildProcess; url: string; output: () => string };

  beforeAll(async () => {
    api = await spawnApi(stack.env, [resolve(__dirname, 'testing/fault-injector.ts')]);
  }, 120_000);
  afterAll(async () => {
    if (api) await stopProcess(api.child);
  });

  it('logs an uncaught exception and an unhandled rejection as JSON records and keeps answering', async () => {
    expect((await getJson(`${api.url}/health`)).status).toBe(200);
    api.child.kill('SIGWINCH');
    const records = async () => {
      await new Promise((r) => setTimeout(r, 100));
      return api
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{') && line.includes('injected fault'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    const deadline = Date.now() + 5_000;
    while ((await records()).length < 2 && api.child.exitCode === null && Date.now() < deadline);

    expect(api.child.exitCode, api.output().slice(-1_000)).toBeNull();
    expect(await records()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', event: 'uncaughtException', message: 'Uncaught exception: injected fault: thrown from a callback', action: 'kept serving' }),
        expect.objectContaining({ level: 'error', event: 'unhandledRejection', message: 'Unhandled rejection: injected fault: rejected with no handler', action: 'kept serving' }),
      ]),
    );
    expect((await getJson(`${api.url}/health`)).status).toBe(200);
  });
});
