import { datasetProfileSchema, seededRandom } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { ingestCsv, ingestCsvText } from './csv-ingest';
import { MAX_RECORD_BYTES } from './csv-scanner';
import { CsvIngestError } from './problems';
import { chunksOf, randomChunks } from './test-fixtures';

const utc = (iso: string) => new Date(iso.length <= 10 ? `${iso}T00:00:00Z` : iso);

/** The problems of a file that must fail. */
async function problemsOf(text: string, options = {}) {
  try {
    await ingestCsvText(text, options);
  } catch (error) {
    if (error instanceof CsvIngestError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

/** Day `i` after 2000-01-01, as a date. */
const day = (i: number) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
/** `n` clean daily rows from 2000-01-01, so the columns are detected from the sample. */
const cleanDays = (n: number) => Array.from({ length: n }, (_, i) => `${day(i)},${i}`);

/** Ingests `lines` in 1,000-byte chunks, stopping after `maxProblems`: the error it ends with and the chunks it read. */
async function ingestInChunks(lines: string[], maxProblems: number): Promise<{ error: unknown; chunksRead: number }> {
  const bytes = new TextEncoder().encode(lines.join('\n'));
  let chunksRead = 0;
  async function* counted() {
    for (let at = 0; at < bytes.length; at += 1000) {
      chunksRead++;
      yield bytes.subarray(at, at + 1000);
    }
  }
  const error = await ingestCsv(counted(), { maxProblems }).catch((e: unknown) => e);
  return { error, chunksRead };
}

const values = (a: Float64Array) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

describe('file syntax', () => {
  const expected = { key: 'Sales', start: utc('2020-01-01'), values: [1.5, 2, 3] };
  it.each([
    ['commas', 'date,Sales\n2020-01-01,1.5\n2020-01-02,2\n2020-01-03,3\n'],
    ['semicolons with decimal commas', 'date;Sales\n2020-01-01;1,5\n2020-01-02;2\n2020-01-03;3\n'],
    ['tabs', 'date\tSales\n2020-01-01\t1.5\n2020-01-02\t2\n2020-01-03\t3'],
    ['CRLF and quotes', '"date","Sales"\r\n"2020-01-01","1.5"\r\n"2020-01-02",2\r\n"2020-01-03",3\r\n'],
    ['lone CR line ends', 'date,Sales\r2020-01-01,1.5\r2020-01-02,2\r2020-01-03,3'],
    ['a UTF-8 BOM and blank trailing lines', '\uFEFFdate,Sales\n2020-01-01,1.5\n2020-01-02,2\n2020-01-03,3\n\n\r\n\n'],
    ['spaces around cells', 'date , Sales\n 2020-01-01 , 1.5 \n2020-01-02,2\n2020-01-03,  3'],
  ])('reads %s', async (_, text) => {
    const { series, frequency } = await ingestCsvText(text);
    expect(frequency).toEqual({ unit: 'day', step: 1 });
    expect(series).toHaveLength(1);
    expect({ key: series[0].key, start: series[0].start, values: values(series[0].values) }).toEqual(expected);
  });

  it('reads quoted ids with "" escapes, delimiters and newlines, and counts lines inside them', async () => {
    const text = [
      'id,ts,v',
      '"a, ""the first""",2020-01-01,1',
      '"a, ""the first""",2020-01-02,2',
      '"two\nlines",2020-01-01,3',
      '"two\nlines",2020-01-02,4',
      '"two\nlines",2020-01-03,oops',
    ].join('\n');
    const problems = await problemsOf(text);
    // The record with "oops" starts on line 8: each "two\nlines" record spans two lines.
    expect(problems).toEqual([{ row: 8, column: 'v', message: 'Row 8, column "v": "oops" is not a number' }]);
    const { series } = await ingestCsvText(text.replace('oops', '5'));
    expect(series.map((s) => [s.key, values(s.values)])).toEqual([
      ['a, "the first"', [1, 2]],
      ['two\nlines', [3, 4, 5]],
    ]);
  });
});

describe('layouts', () => {
  it('finds the id, timestamp and value columns of a long file under any names and order', async () => {
    const text = 'amount,when,store\n1,2020-01-06,north\n2,2020-01-13,north\n10,2020-01-06,south\n11,2020-01-13,south\n';
    const { series, profile, frequency } = await ingestCsvText(text);
    expect(frequency).toEqual({ unit: 'week', step: 1 });
    expect(profile.layout).toBe('long');
    expect(profile.columns).toEqual({ timestamp: 'when', seriesId: 'store', values: ['amount'] });
    expect(series.map((s) => [s.key, values(s.values)])).toEqual([
      ['north', [1, 2]],
      ['south', [10, 11]],
    ]);
  });

  it('treats a numeric column named like an id as the series id', async () => {
    const text = 'unique_id,ds,y\n1,2020-01-01,5\n1,2020-01-02,6\n2,2020-01-01,7\n2,2020-01-02,8\n';
    const { series, profile } = await ingestCsvText(text);
    expect(profile.columns.seriesId).toBe('unique_id');
    expect(series.map((s) => s.key)).toEqual(['1', '2']);
  });

  it('sorts the rows of each series and interleaved series', async () => {
    const text = 'id,t,v\nb,2020-03,3\na,2020-02,2\nb,2020-01,1\na,2020-01,1\nb,2020-02,2\na,2020-03,3\n';
    const { series, warnings } = await ingestCsvText(text);
    expect(series.map((s) => [s.key, s.start, values(s.values)])).toEqual([
      ['b', utc('2020-01-01'), [1, 2, 3]],
      ['a', utc('2020-01-01'), [1, 2, 3]],
    ]);
    expect(warnings.map((w) => w.message)).toContain('Rows of 2 series were not in time order; they were sorted');
  });

  it('reads a file grouped series by series (used in place) as the same rows interleaved, or a series come back to', async () => {
    const grouped = 'id,t,v\na,2020-02,2\na,2020-01,1\na,2020-03,3\nb,2020-01,10\nb,2020-02,\nb,2020-03,30\n';
    const interleaved = 'id,t,v\na,2020-02,2\nb,2020-01,10\na,2020-01,1\nb,2020-02,\nb,2020-03,30\na,2020-03,3\n';
    const cameBack = 'id,t,v\na,2020-02,2\na,2020-01,1\nb,2020-01,10\nb,2020-02,\nb,2020-03,30\na,2020-03,3\n';
    const read = async (text: string) => (await ingestCsvText(text)).series.map((s) => [s.key, s.start, values(s.values), s.missing, s.lastRow]);
    const expected = [
      ['a', utc('2020-01-01'), [1, 2, 3], 0],
      ['b', utc('2020-01-01'), [10, null, 30], 1],
    ];
    expect((await read(grouped)).map((s) => s.slice(0, 4))).toEqual(expected);
    expect((await read(interleaved)).map((s) => s.slice(0, 4))).toEqual(expected);
    expect((await read(cameBack)).map((s) => s.slice(0, 4))).toEqual(expected);
    // The row of each series' last timestamp, as the file numbers it (the header is row 1).
    expect((await read(grouped)).map((s) => s[4])).toEqual([4, 7]);
    expect((await read(cameBack)).map((s) => s[4])).toEqual([7, 6]);
  });

  it('reads a wide file as one series per numeric column', async () => {
    const text = 'time,a,b\n2020-01-01 00:00,1,10\n2020-01-01 01:00,2,\n2020-01-01 02:00,3,30\n';
    const { series, profile, warnings } = await ingestCsvText(text);
    expect(profile.layout).toBe('wide');
    expect(profile.columns).toEqual({ timestamp: 'time', seriesId: null, values: ['a', 'b'] });
    expect(series.map((s) => [s.key, values(s.values), s.missing])).toEqual([
      ['a', [1, 2, 3], 0],
      ['b', [10, null, 30], 1],
    ]);
    expect(warnings).toEqual([{ row: 3, column: 'b', message: 'Row 3, column "b": empty cell kept as a missing value' }]);
  });

  it('asks for a mapping when a text column could be series ids, and leaves text out of a wide mapping', async () => {
    const text = 'time,a,b,note\n2020-01-01 00:00,1,10,x\n2020-01-01 01:00,2,,y\n2020-01-01 02:00,3,30,z\n';
    expect((await problemsOf(text))[0].message).toContain('cannot tell which column holds the values');
    const { series, profile, warnings } = await ingestCsvText(text, { mapping: { layout: 'wide' } });
    expect(profile.layout).toBe('wide');
    expect(profile.columns).toEqual({ timestamp: 'time', seriesId: null, values: ['a', 'b'] });
    expect(series.map((s) => [s.key, values(s.values), s.missing])).toEqual([
      ['a', [1, 2, 3], 0],
      ['b', [10, null, 30], 1],
    ]);
    expect(warnings).toContainEqual({ row: null, column: 'note', message: 'Column "note" holds text, not numbers: it was left out' });
    expect(warnings).toContainEqual({ row: 3, column: 'b', message: 'Row 3, column "b": empty cell kept as a missing value' });
  });

  it('lets a mapping override detection', async () => {
    const text = 'day,region,sales,price\n2020-01-01,n,1,9\n2020-01-02,n,2,9\n';
    // Two numeric columns and no value-like name: detection asks for a mapping.
    expect(await problemsOf(text.replace('sales', 'units'))).toEqual([
      {
        row: 1,
        column: null,
        message:
          'Row 1: cannot tell which column holds the values: "units", "price" are all numeric; send a column mapping ' +
          'with value (or layout "wide" for one series per column)',
      },
    ]);
    const long = await ingestCsvText(text, { mapping: { value: 'price' } });
    expect(long.profile.columns).toEqual({ timestamp: 'day', seriesId: 'region', values: ['price'] });
    const wide = await ingestCsvText(text, { mapping: { layout: 'wide', columns: ['sales', 'price'] } });
    expect(wide.series.map((s) => s.key)).toEqual(['sales', 'price']);
    // Without a mapping, "sales" is taken as the value and "price" is reported as unused.
    const detected = await ingestCsvText(text);
    expect(detected.profile.columns.values).toEqual(['sales']);
    expect(detected.warnings.map((w) => w.column)).toEqual(['price']);
  });

  it('names a mapped column that does not exist', async () => {
    expect(await problemsOf('Month,Passengers\n1949-01,1\n1949-02,2\n', { mapping: { value: 'Sales' } })).toEqual([
      {
        row: 1,
        column: 'Sales',
        message:
          'Row 1, column "Sales": the column mapping names this column, but the file has no column by that name ' +
          '(its columns are "Month", "Passengers")',
      },
    ]);
  });
});

describe('gaps and missing values', () => {
  it('fills missing timestamps with NaN, counts gaps and missing cells, and profiles them', async () => {
    const text = [
      'id,date,v',
      'a,2021-01-01,1',
      'a,2021-01-02,NA',
      'a,2021-01-05,5', // 3rd and 4th missing
      'b,2021-01-01,1',
      'b,2021-01-02,',
      'b,2021-01-03,null',
      'b,2021-01-04,4',
    ].join('\n');
    const { series, profile, warnings } = await ingestCsvText(text);
    expect(series.map((s) => [s.key, values(s.values), s.missing, s.gaps])).toEqual([
      ['a', [1, null, null, null, 5], 1, 2],
      ['b', [1, null, null, 4], 2, 0],
    ]);
    expect(warnings.map((w) => [w.row, w.column])).toEqual([
      [3, 'v'],
      [6, 'v'],
      [7, 'v'],
    ]);
    expect(datasetProfileSchema.parse(profile)).toEqual({
      layout: 'long',
      columns: { timestamp: 'date', seriesId: 'id', values: ['v'] },
      frequency: { unit: 'day', step: 1 },
      seriesCount: 2,
      rows: 7,
      points: 9,
      minLength: 4,
      maxLength: 5,
      start: '2021-01-01T00:00:00.000Z',
      end: '2021-01-05T00:00:00.000Z',
      gaps: 2,
      missing: 5,
      gappiestSeries: [{ id: 'a', gaps: 2 }],
      demandClasses: { smooth: 0, erratic: 2, intermittent: 0, lumpy: 0 },
    });
  });

  it('counts the series of each Syntetos–Boylan demand class in the profile', async () => {
    // smooth: no zeros, similar sizes; erratic: no zeros, sizes 1 and 9; intermittent: half zeros, equal sizes;
    // lumpy: half zeros, sizes 1 and 9; temperature: negative, not demand; never: no demand at all.
    const rows: Record<string, number[]> = {
      smooth: [5, 6, 5, 6],
      erratic: [1, 9, 1, 9],
      intermittent: [0, 4, 0, 4],
      lumpy: [0, 1, 0, 9],
      temperature: [-2, 3, 1, 0],
      never: [0, 0, 0, 0],
    };
    const lines = Object.entries(rows).flatMap(([id, v]) => v.map((x, i) => `${id},2021-0${i + 1}-01,${x}`));
    const { profile } = await ingestCsvText(['id,month,qty', ...lines].join('\n'));
    expect(profile.demandClasses).toEqual({ smooth: 1, erratic: 1, intermittent: 1, lumpy: 1 });
  });

  it('keeps month-end series on month ends and fills their gaps', async () => {
    const text = 'm,v\n2020-01-31,1\n2020-02-29,2\n2020-04-30,4\n2020-05-31,5\n';
    const { series, frequency } = await ingestCsvText(text);
    expect(frequency).toEqual({ unit: 'month', step: 1 });
    expect(values(series[0].values)).toEqual([1, 2, null, 4, 5]);
    expect(series[0].gaps).toBe(1);
  });

  it.each([
    ['yearly bare years', 'Year,Births\n1990,5\n1991,6\n1993,8\n', { unit: 'year', step: 1 }, '1990-01-01', [5, 6, null, 8]],
    ['quarters', 'quarter,gdp\n1990 Q3,1\n1990 Q4,2\n1991 Q1,3\n', { unit: 'quarter', step: 1 }, '1990-07-01', [1, 2, 3]],
    [
      '15-minute readings with a gap',
      'ts,kw\n2020-01-01T00:00Z,1\n2020-01-01T00:15Z,2\n2020-01-01T01:00Z,5\n2020-01-01T01:15Z,6\n',
      { unit: 'minute', step: 15 },
      '2020-01-01',
      [1, 2, null, null, 5, 6],
    ],
  ])('grids %s', async (_, text, frequency, start, expected) => {
    const parsed = await ingestCsvText(text);
    expect(parsed.frequency).toEqual(frequency);
    expect(parsed.series[0].start).toEqual(utc(start));
    expect(values(parsed.series[0].values)).toEqual(expected);
  });

  it('converts zoned times to UTC instants before gridding', async () => {
    const text = 't,v\n2021-03-27T23:00:00+01:00,1\n2021-03-28T01:00:00+01:00,2\n2021-03-28T03:00:00+02:00,3\n';
    const { series, frequency } = await ingestCsvText(text);
    expect(frequency).toEqual({ unit: 'hour', step: 1 });
    expect(series[0].start).toEqual(utc('2021-03-27T22:00:00Z'));
    expect(values(series[0].values)).toEqual([1, null, 2, 3]);
  });
});

describe('problems the user must fix', () => {
  it('never reads the mapped value column as the series ids, even when its cells are text', async () => {
    // US thousands separators, and an append of one bad cell: only "not a number", never a series named after a cell.
    const quoted = 'ts,y\n2024-01-01,"1,234.5"\n2024-01-02,"1,300.0"\n';
    expect((await problemsOf(quoted, { mapping: { timestamp: 'ts', value: 'y' } })).map((p) => p.message)).toEqual([
      'Row 2, column "y": "1,234.5" is not a number',
      'Row 3, column "y": "1,300.0" is not a number',
      'Row 2, column "y": this column has no values; a series needs at least 2',
    ]);
    const appended = await problemsOf('date;value\n1961-06-01;abc\n', { mapping: { timestamp: 'date', value: 'value' }, frequency: { unit: 'month', step: 1 } });
    expect(appended.map((p) => p.message)).toEqual([
      'Row 2, column "value": "abc" is not a number',
      'Row 2, column "value": this column holds no value in this file (every cell is empty or not a number); send at least one value for each series the file names',
    ]);
  });

  it.each([
    ['an empty file', '', [{ row: null, column: null, message: 'The file is empty' }]],
    ['a blank file', '\uFEFF \n\n', [{ row: null, column: null, message: 'The file is empty' }]],
    ['a header only', 'date,value\r\n', [{ row: null, column: null, message: 'The file has a header line but no data rows' }]],
    [
      'a single column',
      'date\n2020-01-01\n',
      [
        {
          row: 1,
          column: null,
          message:
            'Row 1: found a single column "date"; a file needs a timestamp column and at least one value column, ' +
            'separated by commas, semicolons or tabs',
        },
      ],
    ],
    [
      'no numeric column',
      'date,name\n2020-01-01,x\n2020-01-02,y\n',
      [{ row: 1, column: null, message: 'Row 1: no numeric value column besides the timestamp column "date"' }],
    ],
    [
      'no readable timestamps',
      'Month,Sales\nJan-49,1\nFeb-49,2\n',
      [
        {
          row: 2,
          column: 'Month',
          message:
            'Row 2, column "Month": no column holds timestamps the reader understands; this one looks most like it, ' +
            'but its values (row 2 "Jan-49", row 3 "Feb-49") are not in a known form; use a year-first date or time ' +
            'such as 2016-07-01 or 2016-07-01 13:00, or declare the form in the column mapping: timestampFormat (a ' +
            'Luxon pattern such as "dd/MM/yyyy HH:mm") or dateOrder ("dmy" or "mdy")',
        },
      ],
    ],
    [
      'a missing header',
      '2020-01-01,1\n2020-01-02,2\n',
      [
        {
          row: 1,
          column: null,
          message: 'Row 1: the first line holds data ("2020-01-01", "1"), not column names: add a header line such as "timestamp,value"',
        },
      ],
    ],
  ])('%s', async (_, text, expected) => {
    expect(await problemsOf(text)).toEqual(expected);
  });

  it('reports an unparsable timestamp and a non-numeric value with row and column', async () => {
    const text = 'Month,Passengers\n1949-01,112\n1949-02,118\n1949-3x,132\n1949-04,12a\n1949-05,121\n';
    expect(await problemsOf(text)).toEqual([
      {
        row: 4,
        column: 'Month',
        message:
          'Row 4, column "Month": this column holds the timestamps, but one is not in a form the reader knows (row 4 ' +
          '"1949-3x"); use a year-first date or time such as 2016-07-01 or 2016-07-01 13:00, or declare the form in ' +
          'the column mapping: timestampFormat (a Luxon pattern such as "dd/MM/yyyy HH:mm") or dateOrder ("dmy" or "mdy")',
      },
      { row: 5, column: 'Passengers', message: 'Row 5, column "Passengers": "12a" is not a number' },
    ]);
  });

  it('names both rows of a duplicate timestamp within a series', async () => {
    const text = 'id,t,v\na,2020-01-01,1\nb,2020-01-01,1\na,2020-01-02,2\nb,2020-01-02,2\na,2020-01-01,3\n';
    expect(await problemsOf(text)).toEqual([
      {
        row: 6,
        column: 't',
        message:
          'Row 6, column "t": series "a" has the timestamp 2020-01-01 twice (rows 2 and 6); to merge such rows, choose how under ' +
          '"Rows at the same timestamp" in the upload preview (duplicates "sum", "mean", "first" or "last" in the column mapping; ' +
          '--duplicates on the command line)',
      },
    ]);
  });

  it('reports timestamps off the detected grid', async () => {
    const text = 'date,v\n2016-07-01 00:00:00,1\n2016-07-01 01:00:00,2\n2016-07-01 02:30:00,3\n2016-07-01 04:00:00,4\n2016-07-01 05:00:00,5\n';
    expect(await problemsOf(text)).toEqual([
      {
        row: 4,
        column: 'date',
        message:
          'Row 4, column "date": has 2016-07-01 02:30:00 UTC, which is off the 1 hour grid that starts at 2016-07-01 (row 2)',
      },
    ]);
  });

  it('reports ragged rows', async () => {
    const text = 'date,v\n2020-01-01,1\n2020-01-02,2,3\n2020-01-03\n2020-01-04,4\n';
    expect(await problemsOf(text)).toEqual([
      {
        row: 3,
        column: null,
        message: 'Row 3: has 3 fields but the header has 2 (a value that contains the delimiter must be in double quotes)',
      },
      { row: 4, column: null, message: 'Row 4: has 1 fields but the header has 2' },
    ]);
  });

  it('reports a series with fewer than 2 values', async () => {
    const text = 'id,t,v\na,2020-01-01,1\na,2020-01-02,2\nb,2020-01-01,5\nc,2020-01-01,NA\nc,2020-01-02,\n';
    expect(await problemsOf(text)).toEqual([
      { row: 4, column: 'id', message: 'Row 4, column "id": series "b" has only 1 value; a series needs at least 2' },
      { row: 5, column: 'id', message: 'Row 5, column "id": series "c" has no values; a series needs at least 2' },
    ]);
  });

  it('reports an empty timestamp, skips lines of empty cells, and refuses UTF-16', async () => {
    expect(await problemsOf('date,v\n2020-01-01,1\n,,\n ,2\n2020-01-02,2\n')).toEqual([
      { row: 4, column: 'date', message: 'Row 4, column "date": the timestamp is empty' },
    ]);
    const utf16 = new Uint8Array([0xff, 0xfe, 0x64, 0x00]);
    const error = await ingestCsv(chunksOf([utf16])).catch((e: unknown) => e);
    expect((error as CsvIngestError).problems[0].message).toBe(
      'Row 1: the file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)',
    );
  });

  it('refuses a stray timestamp that would blow a series up into a mostly empty grid', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `2020-01-01T${String(i % 24).padStart(2, '0')}:00:00Z,${i}`);
    const text = ['t,v', ...rows.slice(0, 24), '2120-01-01T00:00:00Z,1'].join('\n');
    const problems = await problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ row: 26, column: 't' });
    expect(problems[0].message).toMatch(/spans 876\d{3} steps of 1 hour from 2020-01-01 \(row 2\) to 2120-01-01 but has only 25 rows/);
  });

  it('reports an unclosed quote', async () => {
    expect(await problemsOf('date,v\n2020-01-01,1\n"2020-01-02,2\n2020-01-03,3\n')).toEqual([
      { row: 3, column: null, message: 'Row 3: a double quote opens a field here but is never closed' },
    ]);
  });

  it('reports an unclosed quote alone when it swallows the header or every data row (the file is not empty)', async () => {
    expect(await problemsOf('"date,v\n2020-01-01,1\n2020-01-02,2\n')).toEqual([
      { row: 1, column: null, message: 'Row 1: a double quote opens a field here but is never closed' },
    ]);
    expect(await problemsOf('date,v\n"2020-01-01,1\n2020-01-02,2\n')).toEqual([
      { row: 2, column: null, message: 'Row 2: a double quote opens a field here but is never closed' },
    ]);
  });

  it('says so when it trims spaces or tabs around a series id (two spellings may then be one series)', async () => {
    const text = 'date,id,v\n2020-01-01,\tW1,1\n2020-01-02,\tW1,2\n2020-01-01,"W2 ",1\n2020-01-02,W2,2\n';
    const { series, warnings } = await ingestCsvText(text);
    expect(series.map((s) => s.key)).toEqual(['W1', 'W2']);
    expect(warnings).toEqual([
      { row: 2, column: 'id', message: 'Row 2, column "id": spaces or tabs around series ids are not part of them: "\\tW1" was read as "W1" (3 rows in all)' },
    ]);
  });

  it('refuses a value beyond the range of a double (1e309, 400 digits) with row and column, as it does Infinity', async () => {
    const text = `date,v\n2020-01-01,1\n2020-01-02,1e309\n2020-01-03,-${'9'.repeat(400)}\n2020-01-04,Infinity\n2020-01-05,5\n`;
    expect(await problemsOf(text)).toEqual([
      { row: 3, column: 'v', message: 'Row 3, column "v": "1e309" is too large a number to store (beyond ±1.8e308)' },
      { row: 4, column: 'v', message: `Row 4, column "v": "-${'9'.repeat(36)}..." is too large a number to store (beyond ±1.8e308)` },
      { row: 5, column: 'v', message: 'Row 5, column "v": "Infinity" is not a number' },
    ]);
  });

  it('says a line is longer than the limit, with its line number, when a file without quotes has no line end', async () => {
    const long = 'x'.repeat(2 * MAX_RECORD_BYTES);
    const text = `date,v\n2020-01-01,1\n2020-01-02,${long}\n2020-01-03,3\n`;
    const bytes = new TextEncoder().encode(text);
    const error = await ingestCsv(randomChunks(bytes, seededRandom(5), 1 << 20)).catch((e: unknown) => e);
    expect((error as CsvIngestError).problems).toEqual([
      { row: 3, column: null, message: 'Row 3: the line is longer than 8 MiB, the longest this reader accepts (is a line end missing?)' },
    ]);
    // In one piece the same line gets the same answer: the limit does not depend on where chunks were cut.
    const whole = await ingestCsvText(`date,v\n2020-01-01,1\n2020-01-02,${'x'.repeat(MAX_RECORD_BYTES)}\n`).catch((e: unknown) => e);
    expect((whole as CsvIngestError).problems[0]?.message).toMatch(/^Row 3: the line is longer than 8 MiB/);
  });

  it('stops reading after maxProblems', async () => {
    // Clean rows first, so the columns are detected from the sample; then 5000 values that are not numbers.
    const lines = ['date,v', ...cleanDays(300), ...Array.from({ length: 5000 }, (_, i) => `${day(300 + i)},x`)];
    const { error, chunksRead } = await ingestInChunks(lines, 5);
    expect(error).toBeInstanceOf(CsvIngestError);
    expect((error as CsvIngestError).problems.map((p) => p.row)).toEqual([302, 303, 304, 305, 306]);
    expect(chunksRead).toBeLessThan(8);
    const all = await problemsOf(lines.join('\n'));
    expect(all).toHaveLength(20);
  });

  it('stops reading after maxProblems unreadable timestamps, reported as one problem', async () => {
    const lines = ['date,v', ...cleanDays(300), ...Array.from({ length: 5000 }, () => 'x,1')];
    const { error, chunksRead } = await ingestInChunks(lines, 5);
    expect(error).toBeInstanceOf(CsvIngestError);
    const problems = (error as CsvIngestError).problems;
    expect(problems.map((p) => p.row)).toEqual([302]);
    expect(problems[0].message).toContain('the first 5 are not in a form the reader knows (row 302 "x", row 303 "x", row 304 "x" and 2 more, where reading stopped)');
    expect(chunksRead).toBeLessThan(8);
  });
});

describe('chunk boundaries', () => {
  const text = [
    '\uFEFF"série";"horodatage";"valeur"',
    '"Zürich ""Nord""";2021-03-01T00:00:00+01:00;1,5',
    '"Zürich ""Nord""";2021-03-01T01:00:00+01:00;',
    '"Zürich ""Nord""";2021-03-01T03:00:00+01:00;3,25',
    '"東京;\r\n本社 🗼";2021-02-28 23:00:00;10',
    '"東京;\r\n本社 🗼";2021-03-01 00:00:00;NA',
    '"東京;\r\n本社 🗼";2021-03-01 01:00:00;12e-1',
    '',
  ].join('\r\n');

  it('gives the same dataset for any split of the bytes, including inside quotes and UTF-8 characters', async () => {
    const reference = await ingestCsvText(text);
    expect(reference.series.map((s) => [s.key, values(s.values)])).toEqual([
      ['Zürich "Nord"', [1.5, null, null, 3.25]],
      ['東京;\r\n本社 🗼', [10, null, 1.2]],
    ]);
    const bytes = new TextEncoder().encode(text);
    const random = seededRandom(42);
    for (let trial = 0; trial < 300; trial++) {
      const parsed = await ingestCsv(randomChunks(bytes, random, 1 + (trial % 24)));
      expect(parsed).toEqual(reference);
    }
  });

  it('gives the same dataset for any split of the text, including inside surrogate pairs', async () => {
    const reference = await ingestCsvText(text);
    for (let cut = 1; cut < text.length; cut++) {
      expect(await ingestCsv(chunksOf([text.slice(0, cut), text.slice(cut)]))).toEqual(reference);
    }
  });

  it('reports the same problems for any split', async () => {
    const bad = 'id,t,v\n"a\n",2020-01-01,1\n"a\n",2020-01-01,2\nb,2020-01-01,zz\nb,2020-01-02,3\n';
    const reference = await problemsOf(bad);
    // "zz" (row 6), the duplicate of "a\n" (rows 2 and 4), and series b left with one value (row 7).
    expect(reference.map((p) => p.row)).toEqual([6, 4, 7]);
    const bytes = new TextEncoder().encode(bad);
    const random = seededRandom(9);
    for (let trial = 0; trial < 200; trial++) {
      const error = await ingestCsv(randomChunks(bytes, random, 1 + (trial % 8))).catch((e: unknown) => e);
      expect((error as CsvIngestError).problems).toEqual(reference);
    }
  });
});

describe('limits', () => {
  it('refuses a file with more data rows than allowed, at the first row past the limit', async () => {
    const text = 'month,value\n2020-01,1\n2020-02,2\n2020-03,3\n2020-04,4\n';
    expect(await problemsOf(text, { maxRows: 3 })).toEqual([
      { row: 5, column: null, message: expect.stringMatching(/the file has more than 3 data rows, this installation's limit/) },
    ]);
    await expect(ingestCsvText(text, { maxRows: 4 })).resolves.toMatchObject({ series: [expect.objectContaining({ key: 'value' })] });
  });
});

describe('key length', () => {
  const long = 'k'.repeat(3_000);

  it('refuses a series id over 500 characters with its row, column and length, not the database index error', async () => {
    expect(await problemsOf(`id,day,v\na,2024-01-01,1\na,2024-01-02,1\n${long},2024-01-01,2\n${long},2024-01-02,2\n`)).toEqual([
      { row: 4, column: 'id', message: 'Row 4, column "id": series id is 3000 characters; the most is 500' },
      { row: 5, column: 'id', message: 'Row 5, column "id": series id is 3000 characters; the most is 500' },
    ]);
    // 500 is still a series id.
    const parsed = await ingestCsvText(`id,day,v\n${'k'.repeat(500)},2024-01-01,1\n${'k'.repeat(500)},2024-01-02,2\n`);
    expect(parsed.series.map((s) => s.key.length)).toEqual([500]);
  });

  it('refuses a column name over 500 characters: a wide file names its series after them', async () => {
    expect(await problemsOf(`day,a,${long}\n2024-01-01,1,2\n2024-01-02,1,2\n`)).toEqual([
      { row: 1, column: null, message: `Row 1: column 3 ("${'k'.repeat(37)}...") has a name of 3000 characters; the most is 500` },
    ]);
  });
});

describe('series limit', () => {
  const hint = 'this installation accepts at most 2 series (UPLOAD_MAX_SERIES): split the file, or ask the operator to raise UPLOAD_MAX_SERIES';
  const days = (n: number, cells: string) => Array.from({ length: n }, (_, i) => `2020-01-0${i + 1},${cells}`);

  it('refuses a wide file with more value columns than allowed, from its header', async () => {
    expect(await problemsOf(['t,a,b,c', ...days(3, '1,2,3')].join('\n'), { maxSeries: 2 })).toEqual([
      { row: 1, column: null, message: `Row 1: the file has 3 value columns, one series each; ${hint}` },
    ]);
    await expect(ingestCsvText(['t,a,b', ...days(3, '1,2')].join('\n'), { maxSeries: 2 })).resolves.toMatchObject({ profile: { seriesCount: 2 } });
  });

  it('refuses a header too wide for any file within the limit before sampling its rows', async () => {
    const header = ['t', ...Array.from({ length: 120_000 }, (_, i) => `c${i}`)].join(',');
    expect(await problemsOf(`${header}\n`, { maxSeries: 2 })).toEqual([
      {
        row: 1,
        column: null,
        message: `Row 1: the header has 120001 columns, more than the 4 a file can use (a timestamp, a series id and one column per series); ${hint}`,
      },
    ]);
  });

  it('refuses a long file at the first row of the series past the limit', async () => {
    const text = 'id,t,v\na,2020-01-01,1\na,2020-01-02,2\nb,2020-01-01,1\nb,2020-01-02,2\nc,2020-01-01,1\nc,2020-01-02,2\n';
    expect(await problemsOf(text, { maxSeries: 2 })).toEqual([
      { row: 6, column: 'id', message: `Row 6, column "id": series "c" is number 3 in the file; ${hint}` },
    ]);
  });
});

describe('binary files', () => {
  it('refuses a file with NUL bytes as binary, not as a cascade of row problems', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    await expect(ingestCsv(chunksOf([bytes.subarray(0, 1000), bytes.subarray(1000)]), {})).rejects.toMatchObject({
      problems: [{ row: null, column: null, message: expect.stringMatching(/binary data \(a NUL byte\)/) }],
    });
  });

  it('refuses a file whose series span more points than maxPoints, naming the series and row, before allocating', async () => {
    // 100 daily series of 3 rows each over 274 years: 5 KB of CSV that would regularise to 10 million points; the
    // eleventh series passes a limit of a million.
    const rows = ['id,day,v'];
    for (let k = 0; k < 100; k++) rows.push(`s${k},1800-01-01,1`, `s${k},1800-01-02,2`, `s${k},2073-10-10,3`);
    const error = await ingestCsvText(rows.join('\n'), { maxPoints: 1_000_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvIngestError);
    expect((error as CsvIngestError).problems.map((p) => p.message)).toEqual([
      'Row 34, column "day": series "s10" spans 99995 steps of 1 day from 1800-01-01 (row 32) to 2073-10-10, and the ' +
        "file over 1000000 points, this installation's limit (UPLOAD_MAX_POINTS): check these timestamps, or ask the " +
        'operator to raise UPLOAD_MAX_POINTS',
    ]);
  });
});
