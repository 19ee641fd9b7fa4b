import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCsv, ingestCsvText } from './csv-ingest';
import { CsvIngestError } from './problems';
import type { ParsedDataset } from './series-builder';
import { randomChunks } from './test-fixtures';
import { fileKindProblem } from './xlsx-reader';
import { seededRandom } from '@foretell/contracts';

const shape = (d: ParsedDataset) => ({
  frequency: d.frequency,
  series: d.series.map((s) => ({ key: s.key, start: s.start.toISOString(), values: Array.from(s.values, (v) => (v !== v ? null : v)) })),
});

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * A workbook as an analyst keeps one: a "Sales" sheet (first) whose table starts at B2 under a blank row, with date
 * cells, a formula column and a #N/A; a second sheet "Hourly" with timestamps stored as serial numbers in
 * date-formatted cells.
 */
async function analystWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sales = workbook.addWorksheet('Sales');
  sales.getRow(2).values = [undefined, 'store', 'day', 'units', 'price', 'revenue'];
  const rows: [string, string, number | null, number][] = [
    ['north', '2024-03-04', 10, 2.5],
    ['north', '2024-03-05', 12, 2.5],
    ['north', '2024-03-06', null, 2.5],
    ['north', '2024-03-07', 9, 3],
    ['south', '2024-03-04', 4, 1.25],
    ['south', '2024-03-05', 6, 1.25],
    ['south', '2024-03-06', 5, 1.25],
  ];
  rows.forEach(([store, date, units, price], i) => {
    const r = sales.getRow(3 + i);
    r.getCell('B').value = store;
    r.getCell('C').value = day(date);
    r.getCell('C').numFmt = 'dd/mm/yyyy';
    r.getCell('D').value = units;
    r.getCell('E').value = price;
    r.getCell('F').value =
      units === null ? { formula: `D${3 + i}*E${3 + i}`, result: { error: '#N/A' } } : { formula: `D${3 + i}*E${3 + i}`, result: units * price };
  });
  const hourly = workbook.addWorksheet('Hourly');
  hourly.addRow(['time', 'kw']);
  for (let h = 0; h < 6; h++) {
    const r = hourly.addRow([45_000 + h / 24, 100 + h]); // 2023-03-15 00:00 onwards, as Excel stores it
    r.getCell(1).numFmt = 'yyyy-mm-dd hh:mm';
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const CUT_SHORT =
  'the workbook ends before its last part does: the file was cut short (an upload or download that stopped early) or is damaged: send the whole file, or save it again as .xlsx or as CSV';

async function refusal(bytes: Uint8Array, options = {}) {
  const error = await ingestCsv(randomChunks(bytes, seededRandom(1), 4096), options).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CsvIngestError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.problems.map((p) => p.message);
}

describe('Excel workbooks', () => {
  it('reads the first sheet as the clean CSV reads: dates, numbers, formulas’ cached results, #N/A missing', async () => {
    const bytes = await analystWorkbook();
    const parsed = await ingestCsv(randomChunks(bytes, seededRandom(7), 1000), { mapping: { value: 'revenue' } });
    const clean = await ingestCsvText(
      'store,day,revenue\nnorth,2024-03-04,25\nnorth,2024-03-05,30\nnorth,2024-03-06,\nnorth,2024-03-07,27\nsouth,2024-03-04,5\nsouth,2024-03-05,7.5\nsouth,2024-03-06,6.25\n',
    );
    expect(shape(parsed)).toEqual(shape(clean));
    // The missing value is named by the sheet's row and column.
    expect(parsed.warnings.map((w) => w.message)).toContain('Row 5, column F "revenue": empty cell kept as a missing value');
  });

  it('reads a sheet chosen by name, serial numbers in date cells as timestamps', async () => {
    const parsed = await ingestCsv(randomChunks(await analystWorkbook(), seededRandom(3), 5000), { mapping: { sheet: 'Hourly' } });
    const clean = await ingestCsvText('time,kw\n' + [0, 1, 2, 3, 4, 5].map((h) => `2023-03-15 0${h}:00,${100 + h}`).join('\n'));
    expect(shape(parsed)).toEqual(shape(clean));
  });

  it('names a missing sheet and the sheets there are', async () => {
    expect(await refusal(await analystWorkbook(), { mapping: { sheet: 'Daily' } })).toEqual([
      'The workbook has no sheet named "Daily"; its sheets are "Sales", "Hourly"'.replace('The', 'the'),
    ]);
  });

  it('names the sheet’s row, column letter and header in problems', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRows([
      ['date', 'sales'],
      [day('2024-01-01'), 1],
      [day('2024-01-02'), 'twelve'],
      [day('2024-01-03'), 3],
    ]);
    sheet.getCell('D4').value = 'note';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await refusal(bytes)).toEqual([
      'Row 3, column B "sales": "twelve" is not a number',
      'Row 4, column "D": "note" lies outside the header\'s columns (A to B): give its column a header, or clear it',
    ]);
  });

  it('refuses an old .xls or encrypted workbook with what to do instead', async () => {
    const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await refusal(ole2)).toEqual([expect.stringMatching(/old Excel \.xls workbook or a password-protected one.*save it as \.xlsx .*or as CSV/)]);
  });

  it('checks the file name against the bytes', async () => {
    const zip = await analystWorkbook();
    const csv = new TextEncoder().encode('date,v\n');
    expect(fileKindProblem('sales.xlsx', zip)).toBeNull();
    expect(fileKindProblem('sales.csv', csv)).toBeNull();
    expect(fileKindProblem('sales.csv', zip)).toMatch(/zip archive, not a CSV file/);
    expect(fileKindProblem('sales.xlsx', csv)).toMatch(/named \.xlsx but is not an Excel workbook/);
    expect(fileKindProblem('sales.xls', csv)).toMatch(/old Excel \.xls/);
  });

  it('stops a workbook of many rows at the row limit', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Big');
    sheet.addRow(['date', 'v']);
    for (let i = 0; i < 30_000; i++) sheet.addRow([new Date(Date.UTC(2000, 0, 1) + i * 3_600_000), i]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    // Excel and ExcelJS write the sheet before its strings, so ExcelJS spools it to a temporary file first; the rows
    // then reach memory one batch at a time, and reading stops at the limit.
    const error = await ingestCsv(randomChunks(bytes, seededRandom(5), 16_384), { maxRows: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvIngestError);
    expect((error as CsvIngestError).problems[0].message).toBe(
      'Row 1002: the file has more than 1000 data rows, this installation\'s limit: split it, or append the rest',
    );
  });

  it('refuses a row holding megabytes of cells (a zip bomb) instead of building it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bomb');
    sheet.addRow(['date', 'v']);
    const row = sheet.getRow(2);
    const formula = `1+${'0+'.repeat(400)}0`;
    for (let c = 1; c <= 12_000; c++) row.getCell(c).value = { formula, result: 1 };
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await refusal(bytes)).toEqual(['a row of the sheet holds over 8 MB of cells: this is not a sheet this reader accepts']);
  });

  it('refuses a workbook whose parts inflate past the limit, and leaves no spooled file behind', async () => {
    const bytes = await bombWorkbook(2 * 1024 * 1024);
    const messages = await inPrivateTmp(async (dir) => {
      const refused = await refusal(bytes, { maxWorkbookBytes: 1024 * 1024 });
      expect(readdirSync(dir)).toEqual([]);
      return refused;
    });
    expect(messages).toEqual([
      "the workbook's parts are over 1 MB uncompressed, this installation's limit (UPLOAD_MAX_WORKBOOK_BYTES): this is not a workbook this reader accepts",
    ]);
  });

  it('refuses megabytes of rows without a cell (a zip bomb of <row/>) long before the whole limit', async () => {
    // A 64th of the limit (8 MB of the default 512 MB).
    const bytes = await bombWorkbook(1024 * 1024);
    expect(await inPrivateTmp(() => refusal(bytes, { maxWorkbookBytes: 32 * 1024 * 1024 }))).toEqual([
      'the sheet holds over 0.5 MB of rows without a cell: this is not a sheet this reader accepts',
    ]);
  });

  it('refuses a damaged zip as a workbook, without the zip reader\'s own words', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', 'x'.repeat(5_000));
    const cut = (await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })).subarray(0, 60);
    const error = await ingestCsv(randomChunks(cut, seededRandom(1), 16)).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`The workbook cannot be used: ${CUT_SHORT}`);
    // Bytes that are no zip at all: the reader's words would mean nothing either.
    const garbage = new Uint8Array(4096).fill(0x42);
    garbage.set([0x50, 0x4b, 0x03, 0x04]);
    const notZip = await ingestCsv(randomChunks(garbage, seededRandom(1), 16)).catch((e: unknown) => e);
    expect((notZip as Error).message).toMatch(/^The workbook cannot be used: the workbook (cannot be read: it is damaged|ends before)/);
  });

  it('refuses a workbook cut short anywhere (an interrupted download) instead of waiting forever for the rest', async () => {
    // Long enough that its sheet spans many zip chunks, as a real export's does.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Load');
    sheet.addRow(['hour', 'load']);
    for (let i = 0; i < 20_000; i++) sheet.addRow([new Date(Date.UTC(2024, 0, 1, i)), 100 + (i % 24) + i / 1000]);
    const whole = new Uint8Array(await workbook.xlsx.writeBuffer());
    const messages = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.05, max: 0.99, noNaN: true }), async (share) => {
        for (const message of await inPrivateTmp(() => refusal(whole.subarray(0, Math.floor(whole.length * share))))) messages.add(message);
      }),
      { numRuns: 12, seed: 13 },
    );
    expect([...messages]).toEqual([CUT_SHORT]);
  }, 60_000);

  it('refuses cells without their position (no r attribute) saying so, without leaking an internal error', async () => {
    const cells = Array.from({ length: 300 }, (_, i) => `<c t="inlineStr"><is><t>s${i}</t></is></c>`).join('');
    const messages = await inPrivateTmp(async () => refusal(await bombWorkbook(0, `<row r="1">${cells}</row>`)));
    expect(messages).toEqual([
      'the workbook cannot be read: a part of it is not as Excel writes it (such as cells without their position, the r attribute): save it again from Excel as .xlsx, or as CSV',
    ]);
  });
});

/** A workbook zip as an attacker writes one: a header, then `filler` bytes of empty `<row/>`, its sheet before its strings. */
async function bombWorkbook(filler: number, header = '<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c><c r="B1" t="inlineStr"><is><t>v</t></is></c></row>'): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheets><sheet name="Bomb" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}${'<row/>'.repeat(Math.ceil(filler / 6))}</sheetData></worksheet>`,
  );
  zip.file('xl/sharedStrings.xml', '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>');
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Runs `read` with the temporary directory a private, empty one, to see what a reader leaves there. */
async function inPrivateTmp<T>(read: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-spool-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await read(dir);
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
}
