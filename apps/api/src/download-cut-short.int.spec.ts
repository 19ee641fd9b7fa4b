import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishedRun, postJson, uploadCsv } from './testing/http';
import { spawnApi, useTestStack, stopProcess } from './testing/test-stack';

/** 1,000 short monthly series: their export is written in several batches, so a client can hang up in the middle. */
function manySeries(): string {
  const lines = ['month,series,value'];
  for (let s = 0; s < 1_000; s++) {
    for (let t = 0; t < 12; t++) lines.push(`${new Date(Date.UTC(2000, t, 1)).toISOString().slice(0, 7)},s${s},${s + t}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A CSV download the client hangs up on (a cancelled download, a closed tab), against the API running as its own
 * process: not an error of the API's, so it is logged as information, and the process keeps serving.
 */
describe('a download cut short', () => {
  const stack = useTestStack();
  let api: { child: ChildProcess; url: string; output: () => string };
  let runId: string;

  beforeAll(async () => {
    api = await spawnApi(stack.env);
    const upload = await uploadCsv(api.url, { name: 'many.csv', text: manySeries() });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const created = await postJson(`${api.url}/runs`, { datasetId: upload.body.id, horizon: 3, models: [{ kind: 'naive' }], backtest: { windows: 1 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    runId = (await finishedRun(api.url, created.body.id, 120_000)).id;
  }, 180_000);
  afterAll(async () => {
    if (api) await stopProcess(api.child);
  });

  /** The API's JSON log records. */
  const records = () =>
    api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; message: string; context?: string });

  it('logs the hang-up as information, not as an error, and keeps serving', async () => {
    for (const what of ['forecasts', 'backtests']) {
      // Hang up as soon as the headers arrive: the rows are still being written.
      await new Promise<void>((done, fail) => {
        const req = request(`${api.url}/runs/${runId}/export?what=${what}`, { headers: { authorization: `Bearer ${stack.key}` } }, (res) => {
          expect(res.statusCode).toBe(200);
          res.socket.destroy();
          done();
        });
        req.on('error', fail);
        req.end();
      });
      const said = `The client hung up during the export of ${what} of run ${runId}.`;
      await expect.poll(() => records().filter((r) => r.message === said), { timeout: 10_000 }).toEqual([expect.objectContaining({ level: 'log', context: 'exports' })]);
    }
    expect(records().filter((r) => r.level === 'error' || r.level === 'warn')).toEqual([]);
    expect(api.output()).not.toMatch(/Premature close/);
    const whole = await fetch(`${api.url}/runs/${runId}/export?what=forecasts`, { headers: { authorization: `Bearer ${stack.key}` } });
    expect(whole.status).toBe(200);
    expect((await whole.text()).trim().split('\n')).toHaveLength(1 + 1_000 * 3);
  }, 60_000);
});
