import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvPreviewSchema, PREVIEW_MAX_BYTES } from '@foretell/contracts';
import { DATASETS, useTestStack } from './testing/test-stack';
import { appendCsv, getJson, apiFetch, uploadCsv } from './testing/http';

/** POST /api/datasets/preview through the real API: what the dashboard shows before an upload. */
describe('previewing a CSV before uploading it', () => {
  const stack = useTestStack();

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

  it('lists the row of the first byte that is not UTF-8, instead of merging keys read as U+FFFD', async () => {
    const file = Buffer.concat([Buffer.from('id,day,v\nx,2021-01-01,1\n'), Buffer.from([0xff]), Buffer.from(',2021-01-01,2\n')]);
    const { status, body } = await preview(file);
    expect(status).toBe(200);
    expect(body.problems).toEqual([{ row: 3, column: null, message: expect.stringMatching(/^Row 3: the file is not valid UTF-8 .*save it as UTF-8/) }]);
  });

  it('takes a mapping in the query and lists rows at fault', async () => {
    const text = 'day,a,b\n2021-01-01,1,2\n2021-01-02,x,3\n2021-01-03,4,5\n';
    const { status, body } = await preview(text, { layout: 'wide', columns: ['a'] });
    expect(status).toBe(200);
    expect(body.columns).toEqual({ layout: 'wide', timestamp: 'day', seriesId: null, values: ['a'] });
    expect(body.problems).toEqual([expect.objectContaining({ row: 3, column: 'a' })]);
  });

  describe('dates that read day first or month first', () => {
    const rows = (days: number[]) => days.map((d) => `H1;${String(d).padStart(2, '0')}/02/2016 20:00;${d},5`).join('\n');
    const ambiguous = `store;time;sales\n${rows([1, 2, 3, 4, 5])}\n`;

    it('the preview says nothing decides the order and offers both readings', async () => {
      const { status, body } = await preview(ambiguous);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(csvPreviewSchema.parse(body).dateOrder).toEqual({
        order: null,
        source: 'ambiguous',
        evidence: null,
        example: '01/02/2016 20:00',
        readings: { dmy: '2016-02-01T20:00:00.000Z', mdy: '2016-01-02T20:00:00.000Z' },
      });
      expect(body.problems[0]).toMatchObject({ row: 2, column: 'time', message: expect.stringMatching(/declare dateOrder "dmy" \(day first\) or "mdy"/) });

      const chosen = await preview(ambiguous, { dateOrder: 'dmy' });
      expect(chosen.body).toMatchObject({ problems: [], dateOrder: { order: 'dmy', source: 'declared' }, frequency: { unit: 'day', step: 1 } });
    });

    it('an upload without an order is refused saying how to declare it; with one it is stored, and appends read the same way', async () => {
      const refused = await uploadCsv(stack.url, { name: 'ambiguous.csv', text: ambiguous });
      expect(refused.status).toBe(400);
      expect(refused.body.problems).toEqual([expect.objectContaining({ row: 2, column: 'time', message: expect.stringMatching(/dateOrder/) })]);
      expect((await getJson(`${stack.url}/datasets`)).body).toEqual([]);

      const created = await uploadCsv(stack.url, { name: 'day-first.csv', text: ambiguous }, { mapping: JSON.stringify({ dateOrder: 'dmy' }) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.profile).toMatchObject({ start: '2016-02-01T20:00:00.000Z', end: '2016-02-05T20:00:00.000Z', frequency: { unit: 'day', step: 1 } });

      // The stored mapping reads the appended rows: 06/02 and 07/02 are February again, not June and July.
      const appended = await appendCsv(stack.url, created.body.id, { name: 'more.csv', text: `store;time;sales\n${rows([6, 7])}\n` });
      expect(appended.status, JSON.stringify(appended.body)).toBe(201);
      const series = await getJson(`${stack.url}/datasets/${created.body.id}/series/H1`);
      expect(series.body.timestamps.at(-1)).toBe('2016-02-07T20:00:00.000Z');
      expect(series.body.values).toEqual([1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]);
    });

    it('refuses an unusable timestampFormat or timezone with a 400 naming the field', async () => {
      const format = await preview(ambiguous, { timestampFormat: 'dd/MM hh:mm' });
      expect(format.status).toBe(400);
      expect(format.body.message).toBe('Invalid column mapping: mapping.timestampFormat: "dd/MM hh:mm" has no year (yyyy)');
      const zone = await uploadCsv(stack.url, { name: 'zoned.csv', text: ambiguous }, { mapping: JSON.stringify({ dateOrder: 'dmy', timezone: 'Europe/Berlln' }) });
      expect(zone.status).toBe(400);
      expect(zone.body.message).toMatch(/^Invalid column mapping: mapping.timezone: "Europe\/Berlln" is not an IANA time zone/);
    });
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
