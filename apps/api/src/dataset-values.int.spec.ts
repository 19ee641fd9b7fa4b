import { describe, expect, it } from 'vitest';
import { datasetProfileSchema, datasetSummarySchema, type CsvPreview } from '@foretell/contracts';
import { useTestStack } from './testing/test-stack';
import { apiFetch, appendCsv, getJson, uploadCsv } from './testing/http';

/** What a file may hold, through the real API, worker and Postgres: finite numbers, a bounded number of series. */
describe('values and sizes an upload may hold', () => {
  const stack = useTestStack({ workerEnv: { UPLOAD_MAX_SERIES: '4' } });

  const months = (n: number, value: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${value(i)}`);
  const tooLarge = { row: 3, column: 'v', message: 'Row 3, column "v": "1e309" is too large a number to store (beyond ±1.8e308)' };

  it('refuses 1e309 with its row and column and stores nothing, in an upload, an append and a preview', async () => {
    const bad = ['month,v', ...months(6, (i) => (i === 1 ? '1e309' : String(i)))].join('\n');
    const refused = await uploadCsv(stack.url, { name: 'huge.csv', text: bad });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.problems).toEqual([tooLarge]);
    expect(await stack.db.prisma.dataset.count()).toBe(0);
    expect(await stack.db.prisma.series.count()).toBe(0);

    const created = await uploadCsv(stack.url, { name: 'fine.csv', text: ['month,v', ...months(6, String)].join('\n') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const later = ['month,v', '2000-07,7', '2000-08,-1e309'].join('\n');
    const append = await appendCsv(stack.url, created.body.id, { name: 'more.csv', text: later });
    expect(append.status, JSON.stringify(append.body)).toBe(400);
    expect(append.body.problems).toEqual([{ ...tooLarge, message: tooLarge.message.replace('"1e309"', '"-1e309"') }]);
    const after = (await getJson(`${stack.url}/datasets/${created.body.id}`)).body;
    expect(after).toMatchObject({ version: 1, profile: { points: 6 } });
    expect((await getJson(`${stack.url}/datasets/${created.body.id}/series/v`)).body.values).toEqual([0, 1, 2, 3, 4, 5]);

    const preview = await apiFetch(`${stack.url}/datasets/preview`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: bad });
    expect(((await preview.json()) as { problems: unknown }).problems).toEqual([tooLarge]);
  });

  it('refuses a NUL character in the mapping field with a 400 naming it, and stores nothing', async () => {
    const before = await stack.db.prisma.dataset.count();
    const refused = await uploadCsv(stack.url, { name: 'nul.csv', text: ['month,v', ...months(6, String)].join('\n') }, { mapping: '{"timestamp":"mo\\u0000nth"}' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.message).toMatch(/mapping.*NUL/);
    expect(await stack.db.prisma.dataset.count()).toBe(before);
  });

  it('refuses a wide file with more series than UPLOAD_MAX_SERIES, naming the limit and how to raise it', async () => {
    const header = ['month', ...Array.from({ length: 5 }, (_, i) => `s${i}`)].join(',');
    const wide = [header, ...months(6, () => '1,2,3,4,5')].join('\n');
    const refused = await uploadCsv(stack.url, { name: 'wide.csv', text: wide });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.problems).toEqual([
      {
        row: 1,
        column: null,
        message:
          'Row 1: the file has 5 value columns, one series each; this installation accepts at most 4 series ' +
          '(UPLOAD_MAX_SERIES): split the file, or ask the operator to raise UPLOAD_MAX_SERIES',
      },
    ]);
    expect(await stack.db.prisma.dataset.count({ where: { name: 'wide' } })).toBe(0);
    // The preview says so too, rather than enabling an upload that is then refused.
    const preview = await apiFetch(`${stack.url}/datasets/preview`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: wide });
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as CsvPreview).problems).toEqual(refused.body.problems);
  });

  it('lists datasets with profile summaries; the full profile stays on GET /datasets/:id', async () => {
    const header = ['month', 's0', 's1', 's2'].join(',');
    const created = await uploadCsv(stack.url, { name: 'three.csv', text: [header, ...months(6, (i) => (i % 2 ? '1,,3' : '1,2,3'))].join('\n') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const listed = (await getJson(`${stack.url}/datasets`)).body.find((d: { id: string }) => d.id === created.body.id);
    expect(datasetSummarySchema.parse(listed)).toEqual(listed);
    expect(listed.profile).toEqual({
      layout: 'wide',
      frequency: { unit: 'month', step: 1 },
      seriesCount: 3,
      rows: 6,
      points: 18,
      minLength: 6,
      maxLength: 6,
      start: '2000-01-01T00:00:00.000Z',
      end: '2000-06-01T00:00:00.000Z',
      gaps: 0,
      missing: 3,
      // Every series sells every month it has a value (missing ones are not zeros): smooth demand.
      demandClasses: { smooth: 3, erratic: 0, intermittent: 0, lumpy: 0 },
    });
    const full = (await getJson(`${stack.url}/datasets/${created.body.id}`)).body;
    expect(datasetProfileSchema.parse(full.profile)).toMatchObject({ ...listed.profile, columns: { values: ['s0', 's1', 's2'] } });
  });
});
