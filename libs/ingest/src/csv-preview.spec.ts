import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csvPreviewSchema } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { previewCsv, timestampForm } from './csv-preview';
import { DATASETS_DIR } from './test-fixtures';

const read = (file: string) => readFileSync(resolve(DATASETS_DIR, file), 'utf8');

/** The first `bytes` of a text, cut back to its last line end, as the dashboard sends a large file. */
function head(text: string, bytes: number): string {
  const part = text.slice(0, bytes);
  return part.slice(0, part.lastIndexOf('\n') + 1);
}

describe('previewCsv', () => {
  it('refuses a wide file with more value columns than the installation accepts, as the upload does', async () => {
    const text = ['month,a,b,c', '2024-01,1,2,3', '2024-02,1,2,3', '2024-03,1,2,3'].join('\n');
    const preview = await previewCsv(text, { maxSeries: 2 });
    expect(preview.seriesCount).toBeNull();
    expect(preview.problems.map((p) => p.message)).toEqual([expect.stringMatching(/3 value columns.*at most 2 series \(UPLOAD_MAX_SERIES\)/)]);
    expect((await previewCsv(text, { maxSeries: 3 })).problems).toEqual([]);
  });

  it('detects a single monthly series and parses its first rows (airline passengers)', async () => {
    const preview = await previewCsv(read('airline-passengers.csv'), { rows: 3 });
    expect(csvPreviewSchema.parse(preview)).toEqual(preview);
    expect(preview).toMatchObject({
      delimiter: ',',
      header: ['Month', 'Passengers'],
      columns: { layout: 'long', timestamp: 'Month', seriesId: null, values: ['Passengers'] },
      timestampFormat: { form: 'year-month', example: '1949-01' },
      frequency: { unit: 'month', step: 1 },
      seriesCount: 1,
      rowCount: 144,
      problems: [],
    });
    expect(preview.rows).toEqual([
      { line: 2, cells: ['1949-01', '112'], timestamp: '1949-01-01T00:00:00.000Z', seriesId: 'Passengers', values: [112] },
      { line: 3, cells: ['1949-02', '118'], timestamp: '1949-02-01T00:00:00.000Z', seriesId: 'Passengers', values: [118] },
      { line: 4, cells: ['1949-03', '132'], timestamp: '1949-03-01T00:00:00.000Z', seriesId: 'Passengers', values: [132] },
    ]);
  });

  it('reads a transaction log as one series when told it has no series id column, merging rows per day', async () => {
    // Text columns describe each sale, not a series: detection cannot tell which would be the id.
    const text = [
      'when,customer,product,amount',
      '2024-01-01 09:12,ann,tea,3',
      '2024-01-01 10:40,bob,cake,5',
      '2024-01-02 11:05,ann,tea,3',
      '2024-01-03 08:30,cid,tea,4',
      '',
    ].join('\n');
    const detected = await previewCsv(text);
    expect(detected.columns).toBeNull();
    expect(detected.problems[0].message).toMatch(/cannot tell which column holds the series ids/);

    const oneSeries = await previewCsv(text, {
      mapping: { seriesId: null, value: 'amount', resample: { frequency: { unit: 'day', step: 1 }, aggregate: 'sum' } },
    });
    expect(oneSeries.problems).toEqual([]);
    expect(oneSeries.columns).toEqual({ layout: 'long', timestamp: 'when', seriesId: null, values: ['amount'] });
    expect(oneSeries.seriesCount).toBe(1);
    expect(oneSeries.aggregation?.rows.map((r) => r.values[0])).toEqual([8, 3, 4]);
  });

  it('reads the first part of a large long file: ids, weekly frequency, series seen so far', async () => {
    const text = head(read('m4-weekly-train.csv'), 256 * 1024);
    const preview = await previewCsv(text);
    expect(preview.columns).toEqual({ layout: 'long', timestamp: 'ds', seriesId: 'unique_id', values: ['y'] });
    expect(preview.timestampFormat?.form).toBe('date-time');
    expect(preview.frequency).toEqual({ unit: 'week', step: 1 });
    expect(preview.rows[0]).toMatchObject({ seriesId: 'W1', timestamp: '1977-04-04T00:00:00.000Z', values: [1089.2] });
    expect(preview.rows).toHaveLength(20);
    // Every row of the part was read: as many rows as lines after the header.
    expect(preview.rowCount).toBe(text.trim().split('\n').length - 1);
    expect(preview.seriesCount).toBeGreaterThan(1);
  });

  it('reads a wide hourly file, and a mapping narrows its columns', async () => {
    const text = head(read('ETTh2.csv'), 64 * 1024);
    const detected = await previewCsv(text, { rows: 1 });
    expect(detected.columns).toEqual({
      layout: 'wide',
      timestamp: 'date',
      seriesId: null,
      values: ['HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT'],
    });
    expect(detected.frequency).toEqual({ unit: 'hour', step: 1 });
    expect(detected.rows[0].values[6]).toBeCloseTo(38.662, 3);

    const mapped = await previewCsv(text, { rows: 1, mapping: { columns: ['OT'] } });
    expect(mapped.columns?.values).toEqual(['OT']);
    expect(mapped.rows[0].values).toEqual([detected.rows[0].values[6]]);
    expect(mapped.warnings.map((w) => w.column)).toContain('HUFL');
  });

  it('keeps the detected columns and the frequency of the first rows when a row further down is bad', async () => {
    const lines = ['date,value'];
    for (let day = 1; day <= 20; day++) lines.push(`2021-01-${String(day).padStart(2, '0')},${day === 6 ? 'twelve' : day}`);
    const preview = await previewCsv(lines.join('\n'));
    expect(preview.columns).toMatchObject({ layout: 'long', timestamp: 'date', values: ['value'] });
    expect(preview.frequency).toEqual({ unit: 'day', step: 1 });
    expect(preview.seriesCount).toBeNull();
    expect(preview.problems).toEqual([expect.objectContaining({ row: 7, column: 'value', message: expect.stringMatching(/twelve/) })]);
    expect(preview.rows[5]).toMatchObject({ line: 7, cells: ['2021-01-06', 'twelve'], values: [null] });
  });

  it('asks for a mapping when it cannot tell the value column, and takes one', async () => {
    const text = 'store,date,units,price\na,2021-01-01,1,9\na,2021-01-02,2,9\nb,2021-01-01,3,8\nb,2021-01-02,4,8\n';
    const unclear = await previewCsv(text);
    expect(unclear.columns).toBeNull();
    expect(unclear.header).toEqual(['store', 'date', 'units', 'price']);
    expect(unclear.problems[0].message).toMatch(/cannot tell which column holds the values/);
    expect(unclear.rows[0].cells).toEqual(['a', '2021-01-01', '1', '9']);

    const mapped = await previewCsv(text, { mapping: { value: 'price' } });
    expect(mapped.problems).toEqual([]);
    expect(mapped.columns).toEqual({ layout: 'long', timestamp: 'date', seriesId: 'store', values: ['price'] });
    expect(mapped.seriesCount).toBe(2);
    expect(mapped.rows.map((r) => [r.seriesId, r.values[0]])).toEqual([['a', 9], ['a', 9], ['b', 8], ['b', 8]]);
  });

  it('offers both readings of day-month dates nothing decides, and reads them once an order is declared', async () => {
    const text = 'store;time;sales\nH1;01/02/2016 20:00;1,5\nH1;02/02/2016 20:00;2\nH1;03/02/2016 20:00;2,5\n';
    const ambiguous = await previewCsv(text);
    expect(csvPreviewSchema.parse(ambiguous)).toEqual(ambiguous);
    expect(ambiguous.columns).toEqual({ layout: 'long', timestamp: 'time', seriesId: 'store', values: ['sales'] });
    expect(ambiguous.dateOrder).toEqual({
      order: null,
      source: 'ambiguous',
      evidence: null,
      example: '01/02/2016 20:00',
      readings: { dmy: '2016-02-01T20:00:00.000Z', mdy: '2016-01-02T20:00:00.000Z' },
    });
    expect(ambiguous.timestampFormat).toEqual({ form: 'date-time', example: '01/02/2016 20:00' });
    expect(ambiguous.rows[0].timestamp).toBeNull();
    expect(ambiguous.problems).toEqual([expect.objectContaining({ row: 2, column: 'time', message: expect.stringMatching(/declare dateOrder "dmy"/) })]);

    const declared = await previewCsv(text, { mapping: { dateOrder: 'dmy' } });
    expect(declared.problems).toEqual([]);
    expect(declared.dateOrder).toMatchObject({ order: 'dmy', source: 'declared' });
    expect(declared.frequency).toEqual({ unit: 'day', step: 1 });
    expect(declared.rows.map((r) => r.timestamp)).toEqual(['2016-02-01T20:00:00.000Z', '2016-02-02T20:00:00.000Z', '2016-02-03T20:00:00.000Z']);
  });

  it('names the row that decided a detected order, even past the first 200 rows', async () => {
    const lines = ['time,load'];
    for (let h = 0; h < 300; h++) lines.push(`${String(1 + Math.floor(h / 24)).padStart(2, '0')}.03.2021 ${String(h % 24).padStart(2, '0')}:00,${h}`);
    const preview = await previewCsv(lines.join('\n'), { mapping: { timezone: 'Europe/Berlin' } });
    expect(preview.problems).toEqual([]);
    expect(preview.dateOrder).toMatchObject({ order: 'dmy', source: 'detected', evidence: { row: 290, value: '13.03.2021 00:00' } });
    expect(preview.rows[0]).toMatchObject({ line: 2, timestamp: '2021-02-28T23:00:00.000Z' }); // 00:00 in Berlin (UTC+1)
  });

  it('says when there is nothing to read', async () => {
    expect((await previewCsv('')).problems[0].message).toMatch(/empty/);
    expect((await previewCsv('date,value\n')).problems[0].message).toMatch(/no data rows/);
  });

  it('names a quote never closed that swallowed the header or every row, as an upload does, not an empty file', async () => {
    expect((await previewCsv('"date,value\n2020-01-01,1\n2020-01-02,2\n')).problems).toEqual([
      { row: 1, column: null, message: 'Row 1: a double quote opens a field here but is never closed' },
    ]);
    expect((await previewCsv('date,value\n"2020-01-01,1\n2020-01-02,2\n')).problems).toEqual([
      { row: 2, column: null, message: 'Row 2: a double quote opens a field here but is never closed' },
    ]);
  });
});

describe('timestampForm', () => {
  it.each([
    ['1949', 'year'],
    ['1990-Q1', 'quarter'],
    ['1949-01', 'year-month'],
    ['1-01', 'year-month'],
    ['1981-01-02', 'date'],
    ['2016-07-01 00:00:00', 'date-time'],
    ['2016-07-01T13:45:30.250', 'date-time'],
    ['2016-07-01T13:45Z', 'date-time-zone'],
    ['2016-07-01 13:45+02:00', 'date-time-zone'],
    ['01/02/2016', null],
  ])('%s is %s', (text, form) => {
    expect(timestampForm(text)).toBe(form);
  });
});
