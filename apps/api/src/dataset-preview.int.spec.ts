import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvPreviewSchema, PREVIEW_MAX_BYTES } from '@foretell/contracts';
import { DATASETS, startTestStack } from './testing/test-stack';
import { getJson, apiFetch } from './testing/http';

/** POST /api/datasets/preview through the real API: what the dashboard shows before an upload. */
describe('previewing a CSV before uploading it', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  async function preview(body: string | Buffer, mapping?: object) {
    const query = mapping ? `?${new URLSearchParams({ mapping: JSON.stringify(mapping) })}` : '';
    const response = await apiFetch(`${stack.url}/datasets/preview${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  it('answers the detected columns, timestamp form, frequency and first rows, and stores nothing', async () => {
    const { status, body } = await preview(readFileSync(resolve(DATASETS, 'airline-passengers.csv')));
    expect(status, JSON.stringify(body)).toBe(200);
    expect(csvPreviewSchema.parse(body)).toMatchObject({
      columns: { layout: 'long', timestamp: 'Month', seriesId: null, values: ['Passengers'] },
      timestampFormat: { form: 'year-month' },
      frequency: { unit: 'month', step: 1 },
      seriesCount: 1,
      rowCount: 144,
      problems: [],
    });
    expect(body.rows[0]).toEqual({ line: 2, cells: ['1949-01', '112'], timestamp: '1949-01-01T00:00:00.000Z', seriesId: 'Passengers', values: [112] });
    expect((await getJson(`${stack.url}/datasets`)).body).toEqual([]);
  });

  it('takes a mapping in the query and lists rows at fault', async () => {
    const text = 'day,a,b\n2021-01-01,1,2\n2021-01-02,x,3\n2021-01-03,4,5\n';
    const { status, body } = await preview(text, { layout: 'wide', columns: ['a'] });
    expect(status).toBe(200);
    expect(body.columns).toEqual({ layout: 'wide', timestamp: 'day', seriesId: null, values: ['a'] });
    expect(body.problems).toEqual([expect.objectContaining({ row: 3, column: 'a' })]);
  });

  it('refuses a mapping that is not JSON (400) and a body over the preview size (413)', async () => {
    const bad = await apiFetch(`${stack.url}/datasets/preview?mapping=%7Bnope`, { method: 'POST', body: 'a,b\n' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/mapping/);

    const big = await preview(Buffer.alloc(PREVIEW_MAX_BYTES + 1, 'a'));
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/first 256 KB/);
  });
});
