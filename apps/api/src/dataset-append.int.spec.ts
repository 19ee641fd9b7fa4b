import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, useTestStack } from './testing/test-stack';
import { appendCsv, getJson, uploadCsv } from './testing/http';

/** Appending rows through the real API, queue, worker and Postgres: the airline series uploaded in two parts. */
describe('appending rows to a dataset', () => {
  const stack = useTestStack();

  // The header and the 144 months 1949-01 … 1960-12.
  const [header, ...rows] = readFileSync(resolve(DATASETS, 'airline-passengers.csv'), 'utf8').trim().split(/\r?\n/);
  const csv = (name: string, lines: string[]) => ({ name, text: [header, ...lines].join('\r\n') + '\r\n' });
  // Rows 109–144: twelve months the first 120 rows already hold (1958), the last changed from 337 to 340.
  const appended = rows.slice(108).map((line) => (line === '"1958-12",337' ? '"1958-12",340' : line));

  const dataset = async (id: string) => (await getJson(`${stack.url}/datasets/${id}`)).body;
  const values = async (id: string) => (await getJson(`${stack.url}/datasets/${id}/series/Passengers`)).body;

  async function firstPart() {
    expect(rows).toHaveLength(144);
    const created = await uploadCsv(stack.url, csv('airline-part.csv', rows.slice(0, 120)));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  it('merges the new months, keeps the stored value where the file disagrees, and versions the dataset', async () => {
    const first = await firstPart();
    expect(first).toMatchObject({ version: 1, profile: { points: 120 } });

    const append = await appendCsv(stack.url, first.id, csv('airline-next.csv', appended));
    expect(append.status, JSON.stringify(append.body)).toBe(201);
    expect(append.body).toMatchObject({ kind: 'append', status: 'ready', datasetId: first.id });
    expect(append.body.summary).toEqual({
      rowsAdded: 24,
      seriesExtended: 1,
      seriesAdded: 0,
      gaps: 0,
      filled: 0,
      overlaps: {
        count: 12,
        identical: 11,
        conflicting: 1,
        examples: [{ series: 'Passengers', timestamp: '1958-12-01T00:00:00.000Z', stored: 337, uploaded: 340 }],
      },
      beforeStart: { count: 0, examples: [] },
      changed: true,
    });

    const after = await dataset(first.id);
    expect(after.version).toBe(2);
    expect(after.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(after.contentHash).not.toBe(first.contentHash);
    expect(after.profile).toMatchObject({ points: 144, end: '1960-12-01T00:00:00.000Z' });

    // The same series as one upload of the whole file: the conflicting month kept its stored 337, not the file's 340.
    const whole = await uploadCsv(stack.url, resolve(DATASETS, 'airline-passengers.csv'));
    expect(whole.status).toBe(201);
    const [merged, oneShot] = [await values(first.id), await values(whole.body.id)];
    expect(merged).toEqual(oneShot);
    expect(merged.values[119]).toBe(337);
    expect(after.contentHash).toBe(whole.body.contentHash);

    const uploads = await getJson(`${stack.url}/datasets/${first.id}/uploads`);
    expect(uploads.body.map((u: { kind: string; status: string }) => [u.kind, u.status])).toEqual([
      ['append', 'ready'],
      ['create', 'ready'],
    ]);
    expect(uploads.body[0].summary).toEqual(append.body.summary);
  });

  it('refuses a malformed file with 400 and the row and column at fault, changing nothing', async () => {
    const first = await firstPart();
    const before = await values(first.id);
    const broken = appended.map((line, i) => (i === 20 ? '"1959-09",4o4' : line)); // line 22 of the file
    const append = await appendCsv(stack.url, first.id, csv('airline-broken.csv', broken));
    expect(append.status).toBe(400);
    expect(append.body.problems).toEqual([expect.objectContaining({ row: 22, column: 'Passengers' })]);

    const after = await dataset(first.id);
    expect([after.status, after.version, after.contentHash]).toEqual(['ready', 1, first.contentHash]);
    expect(await values(first.id)).toEqual(before);
    const uploads = await getJson(`${stack.url}/datasets/${first.id}/uploads`);
    expect(uploads.body[0]).toMatchObject({ kind: 'append', status: 'failed', problems: [{ row: 22, column: 'Passengers' }] });
  });

  it('answers 404 for an unknown dataset and 409 while it is not ready or another append is in progress', async () => {
    const unknown = await appendCsv(stack.url, '00000000-0000-4000-8000-000000000000', csv('a.csv', appended));
    expect(unknown.status).toBe(404);

    const first = await firstPart();
    const busy = await stack.db.prisma.datasetUpload.create({ data: { datasetId: first.id, kind: 'append' } });
    const during = await appendCsv(stack.url, first.id, csv('a.csv', appended));
    expect(during.status).toBe(409);
    expect(during.body.message).toMatch(/already being appended/);
    await stack.db.prisma.datasetUpload.delete({ where: { id: busy.id } });

    await stack.db.prisma.dataset.update({ where: { id: first.id }, data: { status: 'ingesting' } });
    const notReady = await appendCsv(stack.url, first.id, csv('a.csv', appended));
    expect(notReady.status).toBe(409);
    expect((await dataset(first.id)).version).toBe(1);
  });

  it('reads appended day-month dates in the order the first file decided, even when the new rows alone do not decide it', async () => {
    const day = (d: number, m: number) => `H1;${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2015;${d}`;
    const first = await uploadCsv(stack.url, { name: 'day-first.csv', text: ['store;date;sales', ...[27, 28, 29, 30, 31].map((d) => day(d, 1))].join('\n') });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.profile).toMatchObject({ dateOrder: 'dmy', end: '2015-01-31T00:00:00.000Z' });

    // 01/02 … 03/02 read either way on their own; the dataset was read day first, so they are 1–3 February.
    const append = await appendCsv(stack.url, first.body.id, { name: 'more.csv', text: ['store;date;sales', ...[1, 2, 3].map((d) => day(d, 2))].join('\n') });
    expect(append.status, JSON.stringify(append.body)).toBe(201);
    expect(append.body.summary).toMatchObject({ rowsAdded: 3, seriesExtended: 1, gaps: 0 });
    expect((await dataset(first.body.id)).profile).toMatchObject({ dateOrder: 'dmy', end: '2015-02-03T00:00:00.000Z' });
  });
});
