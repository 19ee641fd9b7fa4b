import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestStack } from './testing/test-stack';
import { apiFetch, appendCsv, getJson, uploadCsv } from './testing/http';

/** Excel workbooks and aggregated files through the real API, queue, worker and Postgres, to a ready dataset. */
describe('uploading Excel workbooks and transaction logs', () => {
  const stack = useTestStack();

  const points = async (id: string, key: string) => (await getJson(`${stack.url}/datasets/${id}/series/${key}`)).body;

  /** A notes sheet first, the data on "Daily": date cells and a formula column. */
  async function workbook(days: string[], first = 1): Promise<Uint8Array> {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').addRow(['exported by the till system']);
    const sheet = book.addWorksheet('Daily');
    sheet.addRow(['day', 'units', 'sales']);
    days.forEach((day, i) => {
      const row = sheet.addRow([new Date(`${day}T00:00:00Z`), first + i]);
      row.getCell(3).value = { formula: `B${row.number}*2`, result: (first + i) * 2 };
    });
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  it('reads the chosen sheet of an .xlsx, previews it and appends another workbook', async () => {
    const bytes = await workbook(['2024-01-01', '2024-01-02', '2024-01-03']);
    const mapping = JSON.stringify({ sheet: 'Daily', value: 'sales', layout: 'long' });

    const preview = await apiFetch(`${stack.url}/datasets/preview?${new URLSearchParams({ mapping })}`, { method: 'POST', body: Buffer.from(bytes) });
    const shown = (await preview.json()) as any;
    expect(preview.status, JSON.stringify(shown)).toBe(200);
    expect(shown).toMatchObject({ header: ['day', 'units', 'sales'], frequency: { unit: 'day', step: 1 }, problems: [] });
    expect(shown.rows[0]).toMatchObject({ line: 2, timestamp: '2024-01-01T00:00:00.000Z', values: [2] });

    const created = await uploadCsv(stack.url, { name: 'till.xlsx', text: bytes }, { mapping });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'till', status: 'ready', profile: { seriesCount: 1, points: 3, columns: { values: ['sales'] } } });
    expect(await points(created.body.id, 'sales')).toEqual({
      id: 'sales',
      timestamps: ['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z'],
      values: [2, 4, 6],
    });

    const appended = await appendCsv(stack.url, created.body.id, { name: 'till-next.xlsx', text: await workbook(['2024-01-04', '2024-01-05'], 4) });
    expect(appended.status, JSON.stringify(appended.body)).toBe(201);
    expect(appended.body.summary).toMatchObject({ rowsAdded: 2, changed: true });
    expect((await points(created.body.id, 'sales')).values).toEqual([2, 4, 6, 8, 10]);
  });

  it('refuses a workbook by name alone, and an old .xls, with what to do', async () => {
    const csvNamedXlsx = await uploadCsv(stack.url, { name: 'sales.xlsx', text: 'day,v\n2024-01-01,1\n2024-01-02,2\n' });
    expect(csvNamedXlsx.status).toBe(400);
    expect(csvNamedXlsx.body.message).toMatch(/named \.xlsx but is not an Excel workbook/);
    const xls = await uploadCsv(stack.url, { name: 'sales.xls', text: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) });
    expect(xls.status).toBe(400);
    expect(xls.body.message).toMatch(/save it as \.xlsx .*or as CSV/);
    expect((await getJson(`${stack.url}/datasets`)).body.map((d: { name: string }) => d.name)).not.toContain('sales');
  });

  it('refuses a real-sized .xls, and a zip named .csv, with the message the preview gives, not a multipart error', async () => {
    // Large enough that the body is still arriving when the name check refuses it.
    const ole2 = new Uint8Array(512 * 1024);
    ole2.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const xls = await uploadCsv(stack.url, { name: 'big.xls', text: ole2 });
    expect(xls.status).toBe(400);
    expect(xls.body.message).toMatch(/^The file is an old Excel \.xls workbook or a password-protected one.*save it as \.xlsx .*or as CSV/);
    const zip = new Uint8Array(512 * 1024);
    zip.set([0x50, 0x4b, 0x03, 0x04]);
    const zipNamedCsv = await uploadCsv(stack.url, { name: 'big.csv', text: zip });
    expect(zipNamedCsv.status).toBe(400);
    expect(zipNamedCsv.body.message).toMatch(/^big\.csv is a zip archive, not a CSV file/);
    expect((await getJson(`${stack.url}/datasets`)).body.map((d: { name: string }) => d.name)).not.toContain('big');
  });

  it('says a mapping field is too large, and its limit, rather than "not valid JSON"', async () => {
    const mapping = JSON.stringify({ layout: 'long', value: 'v', note: 'x'.repeat(3 * 1024 * 1024) });
    const created = await uploadCsv(stack.url, { name: 'huge-mapping.csv', text: 'day,v\n2024-01-01,1\n2024-01-02,2\n' }, { mapping });
    expect(created.status).toBe(400);
    expect(created.body.message).toBe('The "mapping" field is over 64 KB, the limit of a form field: send a shorter mapping.');
  });

  it('aggregates a transaction log to daily sums per store', async () => {
    const sales = [
      'B,2024-03-05 18:02:11,4',
      'A,2024-03-04 09:13:00,12.5',
      'A,2024-03-04 17:40:09,7.5',
      'B,2024-03-04 10:00:00,3',
      'A,2024-03-05 08:01:00,1',
      'B,2024-03-04 10:00:00,2',
      'A,2024-03-06 12:00:00,6',
      'B,2024-03-06 12:30:00,5',
      'A,2024-03-05 19:59:59,2',
    ];
    const resample = { frequency: { unit: 'day', step: 1 }, aggregate: 'sum' };
    const created = await uploadCsv(stack.url, { name: 'till-log.csv', text: `store,time,amount\n${sales.join('\n')}\n` }, { mapping: JSON.stringify({ resample }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.profile).toMatchObject({ frequency: { unit: 'day', step: 1 }, seriesCount: 2, rows: 9, merged: 3, points: 6 });
    expect(await points(created.body.id, 'A')).toMatchObject({ timestamps: ['2024-03-04T00:00:00.000Z', '2024-03-05T00:00:00.000Z', '2024-03-06T00:00:00.000Z'], values: [20, 3, 6] });
    expect((await points(created.body.id, 'B')).values).toEqual([5, 4, 5]);
  });
});
