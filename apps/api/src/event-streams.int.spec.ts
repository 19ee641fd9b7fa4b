import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, stopProcess, useTestStack } from './testing/test-stack';
import { apiFetch, eventually, postJson, uploadCsv } from './testing/http';

/** Trains for minutes: the run, and so its event streams, stay open until the test cancels it. */
const LONG_LSTM = { kind: 'lstm', params: { epochs: 2000, patience: 0, validation: 0 } };

/** Live event streams are capped per user: each holds a connection and a subscription until it ends. */
describe('event streams', () => {
  const stack = useTestStack({ workerEnv: { EVENT_STREAMS_PER_USER: '2' } });

  it('refuses a user more streams than allowed with a 429 saying so, and a stream closed by its client frees its slot', async () => {
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'airline-passengers.csv'));
    expect(upload.status).toBe(201);
    const run = await postJson(`${stack.url}/runs`, { datasetId: upload.body.id, horizon: 12, models: [LONG_LSTM], backtest: { windows: 2 } });
    expect(run.status).toBe(201);
    const events = `${stack.url}/runs/${run.body.id}/events`;
    const open = async () => {
      const client = new AbortController();
      const response = await apiFetch(events, { signal: client.signal });
      return { status: response.status, response, close: () => client.abort() };
    };

    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open();
    expect(third.status).toBe(429);
    expect(((await third.response.json()) as { message: string }).message).toMatch(/already have 2 live event streams open \(the most allowed is 2\)/);

    // The client goes away (a closed tab): its slot is free again once the API sees the connection end.
    first.close();
    const reopened = await eventually(async () => {
      const attempt = await open();
      if (attempt.status === 200) return attempt;
      await attempt.response.body?.cancel();
      return undefined;
    }, 10_000);
    expect((await open()).status).toBe(429);

    // A stream that ends by itself (the run ended) frees its slot too.
    expect((await postJson(`${stack.url}/runs/${run.body.id}/cancel`, {})).status).toBe(200);
    second.close();
    reopened.close();
    const ended = await eventually(async () => {
      const attempt = await open();
      return attempt.status === 200 ? attempt : undefined;
    }, 10_000);
    expect(await ended.response.text()).toMatch(/^data: {"type":"run-cancelled",.*"message":"Cancelled by the user."}$/m);
    for (let i = 0; i < 3; i++) expect((await open()).status).toBe(200);
  }, 120_000);

  it('tells an open stream that its run was cancelled at once, though no job is left to end it (no worker here)', async () => {
    const upload = await uploadCsv(stack.url, { name: 'short.csv', text: 'month,value\n' + Array.from({ length: 30 }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${i}`).join('\n') + '\n' });
    expect(upload.status).toBe(201);
    await Promise.all(stack.workers.map(stopProcess));
    const run = await postJson(`${stack.url}/runs`, { datasetId: upload.body.id, horizon: 2, models: [{ kind: 'naive' }] });
    expect(run.body.status).toBe('queued');
    const stream = await apiFetch(`${stack.url}/runs/${run.body.id}/events`, { signal: AbortSignal.timeout(15_000) });
    expect(stream.status).toBe(200);
    expect((await postJson(`${stack.url}/runs/${run.body.id}/cancel`, {})).status).toBe(200);
    // The stream ends after its final event; before, it waited for the run's parent job, which no worker runs.
    const text = await stream.text();
    expect(text).toMatch(/^data: {"type":"run-cancelled","runId":"[^"]+","message":"Cancelled by the user."}$/m);
  }, 60_000);
});
