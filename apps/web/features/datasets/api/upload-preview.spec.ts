import { describe, expect, it } from 'vitest';
import { PREVIEW_MAX_BYTES } from '@foretell/contracts';
import { dateOrderLabel, draftToMapping, EMPTY_DRAFT, groupProblems, previewPart, readPreviewBody, readPreviewPart, timestampFormLabel, uploadBlocker } from './upload-preview';

describe('previewPart', () => {
  it('keeps a whole file, and cuts a longer one back to its last line end', () => {
    expect(previewPart('a,b\n1,2', true)).toBe('a,b\n1,2');
    expect(previewPart('a,b\n1,2\n3,', false)).toBe('a,b\n1,2\n');
    expect(previewPart('a,b\r\n1,2\r\n3', false)).toBe('a,b\r\n1,2\r\n');
    expect(previewPart('no line end yet', false)).toBe('');
  });

  it('sends at most the preview size from a large file', async () => {
    const line = '2021-01-01 00:00:00,12.5\n';
    const file = new Blob(['date,value\n', line.repeat(Math.ceil((PREVIEW_MAX_BYTES * 2) / line.length))]);
    const { text, complete } = await readPreviewPart(file);
    expect(complete).toBe(false);
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(PREVIEW_MAX_BYTES);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').slice(1, -1).every((l) => l === line.trim())).toBe(true);
  });
});

describe('draftToMapping', () => {
  it('sends nothing when nothing was corrected', () => {
    expect(draftToMapping(EMPTY_DRAFT)).toBeUndefined();
  });

  it("sends a workbook's sheet chosen", () => {
    expect(draftToMapping({ ...EMPTY_DRAFT, sheet: 'Sales Data' })).toEqual({ sheet: 'Sales Data' });
  });

  it('sends the duplicates policy and the resampling chosen', () => {
    expect(draftToMapping({ ...EMPTY_DRAFT, duplicates: 'mean' })).toEqual({ duplicates: 'mean' });
    expect(draftToMapping({ ...EMPTY_DRAFT, resample: 'day', aggregate: 'sum' })).toEqual({ resample: { frequency: { unit: 'day', step: 1 }, aggregate: 'sum' } });
  });

  it('sends only what fits the chosen layout', () => {
    const draft = { layout: 'wide' as const, timestamp: 'date', seriesId: 'store', value: 'y', columns: ['a', 'b'] };
    expect(draftToMapping(draft)).toEqual({ layout: 'wide', timestamp: 'date', columns: ['a', 'b'] });
    expect(draftToMapping({ ...draft, layout: 'long' })).toEqual({ layout: 'long', timestamp: 'date', seriesId: 'store', value: 'y' });
  });
});

describe('readPreviewBody', () => {
  it('sends a workbook whole and a CSV cut at a line end', async () => {
    const workbook = new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'till.xlsx');
    expect(await readPreviewBody(workbook)).toEqual({ body: workbook, complete: true });
    expect(await readPreviewBody(new File(['a,b\n1,2\n'], 'till.csv'))).toEqual({ body: 'a,b\n1,2\n', complete: true });
  });
});

describe('timestamps in the mapping', () => {
  it('sends the chosen date order, or the pattern instead of it, and the zone', () => {
    expect(draftToMapping({ ...EMPTY_DRAFT, dateOrder: 'dmy' })).toEqual({ dateOrder: 'dmy' });
    expect(draftToMapping({ ...EMPTY_DRAFT, dateOrder: 'dmy', timestampFormat: 'dd.MM.yyyy HH:mm', timezone: 'Europe/Berlin' })).toEqual({
      timestampFormat: 'dd.MM.yyyy HH:mm',
      timezone: 'Europe/Berlin',
    });
  });

  it('says how the preview read the order of day-month dates', () => {
    const readings = { dmy: '2015-01-21T20:00:00.000Z', mdy: null };
    expect(dateOrderLabel(null)).toBeNull();
    expect(dateOrderLabel({ order: 'dmy', source: 'detected', evidence: { row: 2, value: '21/01/2015 20:00' }, example: '21/01/2015 20:00', readings })).toBe(
      'Day first (21/01/2015), detected (row 2: 21/01/2015 20:00)',
    );
    expect(dateOrderLabel({ order: null, source: 'ambiguous', evidence: null, example: '01/02/2016', readings })).toBe('Not decided: 01/02/2016 could be either');
    expect(dateOrderLabel({ order: 'mdy', source: 'declared', evidence: null, example: '01/02/2016', readings })).toBe('Month first (01/21/2015), as chosen');
  });
});

it('names timestamp forms with an example', () => {
  expect(timestampFormLabel({ form: 'year-month', example: '1949-01' })).toBe('Year and month, e.g. 1949-01');
  expect(timestampFormLabel(null)).toBe('—');
});

describe('uploadBlocker', () => {
  const columns = { layout: 'long' as const, timestamp: 't', seriesId: null, values: ['v'] };
  it('holds the upload while the preview lists a problem or cannot tell the columns, and only then', () => {
    expect(uploadBlocker(undefined)).toBeNull();
    expect(uploadBlocker({ problems: [], columns })).toBeNull();
    expect(uploadBlocker({ problems: [{ row: 3, column: 'v', message: 'Row 3, column "v": "x" is not a number' }], columns })).toMatch(/Fix the problem/);
    expect(uploadBlocker({ problems: [], columns: null })).toMatch(/columns/);
  });
});

describe('groupProblems', () => {
  it('shows each problem once: one line per message, naming its rows, without the location the table already shows', () => {
    expect(
      groupProblems([
        { row: 3, column: 'v', message: 'Row 3, column "v": the value is negative' },
        { row: 9, column: 'v', message: 'Row 9, column "v": the value is negative' },
        { row: null, column: null, message: 'The file is empty' },
        { row: 4, column: null, message: 'Row 4: too many cells' },
      ]),
    ).toEqual([
      { rows: [3, 9], column: 'v', message: 'The value is negative' },
      { rows: [], column: null, message: 'The file is empty' },
      { rows: [4], column: null, message: 'Too many cells' },
    ]);
  });
});

describe('draftToMapping: no series id', () => {
  it('sends seriesId null for a file that is one series, whatever column was picked before', () => {
    expect(draftToMapping({ ...EMPTY_DRAFT, seriesId: 'customer', oneSeries: true })).toEqual({ seriesId: null });
    expect(draftToMapping({ ...EMPTY_DRAFT, seriesId: 'customer', oneSeries: false })).toEqual({ seriesId: 'customer' });
  });
});
