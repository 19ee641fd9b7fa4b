import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUEUES } from '@foretell/contracts';
import { createQueue } from '@foretell/queue';
import { DATASETS, useTestStack } from './testing/test-stack';
import { appendCsv, eventually, getJson, uploadCsv } from './testing/http';

/** With no time to wait (as for a large file), an upload answers 202 and the dataset becomes ready in the background. */
describe('ingestion as a background job', () => {
  const stack = useTestStack({ ingestWaitMs: 0, uploadMaxBytes: 3 * 1024 * 1024 });

  it('answers 202 while ingesting, then reaches ready with a profile', async () => {
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'ETTh2.csv'));
    expect(upload.status).toBe(202);
    expect(upload.body.status).toBe('ingesting');
    const ready = await eventually(async () => {
      const { body } = await getJson(`${stack.url}/datasets/${upload.body.id}`);
      return body.status === 'ingesting' ? undefined : body;
    });
    expect(ready.status).toBe('ready');
    expect(ready.profile.points).toBe(7 * 17_420);
  });

  it('marks a bad file failed with the row at fault and keeps no series', async () => {
    // A tiny file can fail before the API reads its status back: ingestion is held until the 202 is in.
    const ingest = createQueue(QUEUES.ingest, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    await ingest.pause();
    const text = 'date,a,b\n2020-01-01,1,2\n2020-01-02,3,x\n';
    const upload = await uploadCsv(stack.url, { name: 'bad.csv', text }).finally(() => ingest.resume().then(() => ingest.close()));
    expect(upload.status).toBe(202);
    const failed = await eventually(async () => {
      const { body } = await getJson(`${stack.url}/datasets/${upload.body.id}`);
      return body.status === 'ingesting' ? undefined : body;
    });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/row 3/i);
    expect(failed.problems[0]).toMatchObject({ row: 3, column: 'b' });
    const series = await getJson(`${stack.url}/datasets/${upload.body.id}/series`);
    expect(series.status).toBe(409);
  });

  it('answers 202 to an append while it ingests, and 413 to one over the limit, which changes nothing', async () => {
    const [header, ...rows] = readFileSync(resolve(DATASETS, 'ETTh2.csv'), 'utf8').trim().split('\n');
    const part = (name: string, lines: string[]) => ({ name, text: [header, ...lines].join('\n') });
    const upload = await uploadCsv(stack.url, part('etth2-start.csv', rows.slice(0, 2_000)));
    const datasetUrl = `${stack.url}/datasets/${upload.body.id}`;
    await eventually(async () => ((await getJson(datasetUrl)).body.status === 'ready' ? true : undefined));

    const append = await appendCsv(stack.url, upload.body.id, part('etth2-rest.csv', rows.slice(2_000)));
    expect(append.status).toBe(202);
    expect(append.body).toMatchObject({ kind: 'append', status: 'ingesting' });
    const done = await eventually(async () => {
      const [latest] = (await getJson(`${datasetUrl}/uploads`)).body;
      return latest.status === 'ingesting' ? undefined : latest;
    });
    expect(done).toMatchObject({ id: append.body.id, status: 'ready', summary: { rowsAdded: 7 * 15_420, seriesExtended: 7 } });
    expect((await getJson(datasetUrl)).body).toMatchObject({ version: 2, profile: { points: 7 * 17_420 } });

    const tooBig = await appendCsv(stack.url, upload.body.id, resolve(DATASETS, 'm4-weekly-train.csv'));
    expect(tooBig.status).toBe(413);
    expect((await getJson(`${datasetUrl}/uploads`)).body).toHaveLength(2);
    expect((await getJson(datasetUrl)).body.version).toBe(2);
  });

  it('refuses a file over the upload limit with 413 and keeps nothing', async () => {
    const upload = await uploadCsv(stack.url, resolve(DATASETS, 'm4-weekly-train.csv'));
    expect(upload.status).toBe(413);
    expect(upload.body.message).toMatch(/larger than the upload limit of 3 MB/);
    const list = await getJson(`${stack.url}/datasets`);
    expect(list.body.map((d: { name: string }) => d.name)).not.toContain('m4-weekly-train');
  });
});
