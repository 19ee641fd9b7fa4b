import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from '@foretell/contracts';
import { ingestCsvText } from './csv-ingest';
import { CsvIngestError } from './problems';
import type { ParsedDataset } from './series-builder';

/*
 * Analysts' files, each against its clean ISO twin: the same series (keys, starts, values) must come out.
 */

const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

interface Row {
  key: string;
  ms: number;
  value: number;
}

/** Two stores, hourly from 2015-01-21 20:00 UTC, values with decimals. */
function storeRows(hours: number, start = Date.UTC(2015, 0, 21, 20)): Row[] {
  return ['H1', 'H2'].flatMap((key, k) =>
    Array.from({ length: hours }, (_, i) => ({ key, ms: start + i * HOUR, value: Math.round((10 + k * 5 + Math.sin(i) * 3) * 100) / 100 })),
  );
}

function isoFile(rows: Row[]): string {
  return 'store,time,sales\n' + rows.map((r) => `${r.key},${new Date(r.ms).toISOString().slice(0, 16).replace('T', ' ')},${r.value}`).join('\n') + '\n';
}

const dayFirst = (ms: number) => {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

const usDate = (ms: number) => {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
};

function sameSeries(actual: ParsedDataset, expected: ParsedDataset): void {
  expect(actual.frequency).toEqual(expected.frequency);
  expect(actual.series.map((s) => s.key)).toEqual(expected.series.map((s) => s.key));
  expect(actual.series.map((s) => s.start.toISOString())).toEqual(expected.series.map((s) => s.start.toISOString()));
  actual.series.forEach((s, i) => expect(Array.from(s.values)).toEqual(Array.from(expected.series[i].values)));
}

async function problemsOf(text: string, mapping?: ColumnMapping) {
  try {
    await ingestCsvText(text, { mapping });
  } catch (error) {
    if (error instanceof CsvIngestError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('day-first and month-first dates', () => {
  it("reads the issue's store;time;sales file (day-first, semicolons, decimal commas, ids like H1) as its ISO twin", async () => {
    const rows = storeRows(30);
    const text =
      'store;time;sales\n' + rows.map((r) => `${r.key};${dayFirst(r.ms)};${String(r.value).replace('.', ',')}`).join('\n') + '\n';
    const parsed = await ingestCsvText(text);
    sameSeries(parsed, await ingestCsvText(isoFile(rows)));
    expect(parsed.profile.columns).toEqual({ timestamp: 'time', seriesId: 'store', values: ['sales'] });
  });

  it('reads a US file (month first, 12-hour clock with AM/PM) as its ISO twin', async () => {
    const rows = storeRows(30);
    const text = 'store,time,sales\n' + rows.map((r) => `${r.key},${usDate(r.ms)},${r.value}`).join('\n') + '\n';
    sameSeries(await ingestCsvText(text), await ingestCsvText(isoFile(rows)));
  });

  it('decides the order from a row past the first 200 (hourly data reaches day 13 after 288 rows)', async () => {
    const rows = storeRows(400, Date.UTC(2016, 1, 1)).filter((r) => r.key === 'H1');
    const text = 'store;time;sales\n' + rows.map((r) => `${r.key};${dayFirst(r.ms).replace(/\//g, '.')};${r.value}`).join('\n') + '\n';
    sameSeries(await ingestCsvText(text), await ingestCsvText(isoFile(rows)));
  });

  it('refuses dates no row decides, saying how to declare the order, and reads them once it is declared', async () => {
    const text = 'date,v\n01/02/2016,1\n02/02/2016,2\n03/02/2016,3\n';
    expect(await problemsOf(text)).toEqual([
      {
        row: 2,
        column: 'date',
        message:
          'Row 2, column "date": dates such as "01/02/2016" (row 2) read either day first or month first, and no row ' +
          'has a day above 12 to decide; declare dateOrder "dmy" (day first) or "mdy" (month first) in the column ' +
          'mapping (the date order in the upload preview; --date-order on the command line)',
      },
    ]);
    const dmy = await ingestCsvText(text, { mapping: { dateOrder: 'dmy' } });
    expect(dmy.series[0].start.toISOString()).toBe('2016-02-01T00:00:00.000Z');
    expect(dmy.frequency).toEqual({ unit: 'day', step: 1 });
    const mdy = await ingestCsvText(text, { mapping: { dateOrder: 'mdy' } });
    expect(mdy.series[0].start.toISOString()).toBe('2016-01-02T00:00:00.000Z');
    expect(mdy.frequency).toEqual({ unit: 'month', step: 1 });
  });

  it('refuses a column that mixes orders, naming a row of each', async () => {
    const text = 'date,v\n21/01/2015,1\n22/01/2015,2\n01/23/2015,3\n';
    expect(await problemsOf(text)).toEqual([
      {
        row: 4,
        column: 'date',
        message:
          'Row 4, column "date": the dates mix orders: row 2 has "21/01/2015", which reads only day first, and row 4 ' +
          'has "01/23/2015", which reads only month first; correct those rows, or declare timestampFormat in the column mapping',
      },
    ]);
  });

  it('reads a declared Luxon pattern, and refuses an unusable one naming the field', async () => {
    const rows = storeRows(5);
    const text = 'store,time,sales\n' + rows.map((r) => `${r.key},${new Date(r.ms).toUTCString().slice(5, 22)},${r.value}`).join('\n') + '\n';
    sameSeries(await ingestCsvText(text, { mapping: { timestampFormat: 'dd MMM yyyy HH:mm' } }), await ingestCsvText(isoFile(rows)));
    expect(await problemsOf(text, { timestampFormat: 'dd MMM hh:mm' })).toEqual([
      { row: null, column: null, message: 'The column mapping is invalid: timestampFormat: "dd MMM hh:mm" has no year (yyyy)' },
    ]);
    expect((await problemsOf(text, { timezone: 'Mars/Olympus' }))[0].message).toBe(
      'The column mapping is invalid: timezone: "Mars/Olympus" is not an IANA time zone (such as Europe/Berlin, America/New_York or UTC)',
    );
  });
});

describe('messages about unreadable timestamps', () => {
  const text = 'store;time;sales\n' + Array.from({ length: 25 }, (_, i) => `H1;${i + 1}.Jan.2015 20h;1,5`).join('\n') + '\n';

  it('names the column that holds the timestamps, not the id column', async () => {
    expect(await problemsOf(text)).toEqual([
      {
        row: 2,
        column: 'time',
        message:
          'Row 2, column "time": no column holds timestamps the reader understands; this one looks most like it, but ' +
          'its values (row 2 "1.Jan.2015 20h", row 3 "2.Jan.2015 20h", row 4 "3.Jan.2015 20h") are not in a known ' +
          'form; use a year-first date or time such as 2016-07-01 or 2016-07-01 13:00, or declare the form in the ' +
          'column mapping: timestampFormat (a Luxon pattern such as "dd/MM/yyyy HH:mm") or dateOrder ("dmy" or "mdy")',
      },
    ]);
  });

  it('counts them all when there are fewer than the problems allowed', async () => {
    const problems = await problemsOf(text.split('\n').slice(0, 6).join('\n'), { timestamp: 'time' });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain(
      'but 5 are not in a form the reader knows (row 2 "1.Jan.2015 20h", row 3 "2.Jan.2015 20h", row 4 "3.Jan.2015 20h" and 2 more); use',
    );
  });

  it('reports a mapped column that cannot be read once, with examples, not once per row', async () => {
    expect(await problemsOf(text, { timestamp: 'time' })).toEqual([
      {
        row: 2,
        column: 'time',
        message:
          'Row 2, column "time": this column holds the timestamps, but the first 20 are not in a form the reader knows ' +
          '(row 2 "1.Jan.2015 20h", row 3 "2.Jan.2015 20h", row 4 "3.Jan.2015 20h" and 17 more, where reading ' +
          'stopped); use a year-first date or ' +
          'time such as 2016-07-01 or 2016-07-01 13:00, or declare the form in the column mapping: timestampFormat ' +
          '(a Luxon pattern such as "dd/MM/yyyy HH:mm") or dateOrder ("dmy" or "mdy")',
      },
    ]);
  });
});

describe('local times in a declared zone', () => {
  /** Hourly Europe/Berlin wall-clock times of 2021, both DST changes included, as a logger writes them. */
  const utcHours = Array.from({ length: 365 * 24 }, (_, i) => Date.UTC(2020, 11, 31, 23) + i * HOUR);
  const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' });
  const wall = (ms: number) => berlin.format(ms);
  const value = (i: number) => (i % 24) + Math.floor(i / 24) / 100;

  it('reads an hourly Europe/Berlin file across both DST changes as its UTC twin, with a warning per change', async () => {
    const local = 'time,load\n' + utcHours.map((ms, i) => `${wall(ms)},${value(i)}`).join('\n') + '\n';
    const iso = 'time,load\n' + utcHours.map((ms, i) => `${new Date(ms).toISOString()},${value(i)}`).join('\n') + '\n';
    expect(local).toContain('2021-10-31 02:00,'); // twice: the repeated hour
    expect(local).not.toContain('2021-03-28 02:00,'); // the skipped hour
    const parsed = await ingestCsvText(local, { mapping: { timezone: 'Europe/Berlin' } });
    sameSeries(parsed, await ingestCsvText(iso));
    expect(parsed.series[0].gaps).toBe(0);
    const spring = 2 + utcHours.indexOf(Date.UTC(2021, 2, 28, 1));
    const autumn = 2 + utcHours.indexOf(Date.UTC(2021, 9, 31, 1));
    expect(parsed.warnings).toEqual([
      {
        row: spring,
        column: 'time',
        message:
          `Row ${spring}, column "time": clocks in Europe/Berlin go forward from UTC+01:00 to UTC+02:00 between rows ` +
          `${spring - 1} and ${spring}; the skipped local hour is not a gap: the series runs on in UTC`,
      },
      {
        row: autumn,
        column: 'time',
        message:
          `Row ${autumn}, column "time": clocks in Europe/Berlin go back from UTC+02:00 to UTC+01:00 between rows ` +
          `${autumn - 1} and ${autumn}; the repeated local hour is read first as the earlier offset, then as the ` +
          'later one, so both stay as consecutive UTC times',
      },
    ]);
  });

  it('reads a repeated hour given once with the earlier offset, and refuses a time that does not exist', async () => {
    const once = await ingestCsvText('time,v\n2021-10-31 01:00,1\n2021-10-31 02:00,2\n2021-10-31 03:00,3\n', {
      mapping: { timezone: 'Europe/Berlin' },
    });
    expect(once.series[0].start.toISOString()).toBe('2021-10-30T23:00:00.000Z');
    expect(Array.from(once.series[0].values)).toEqual([1, 2, NaN, 3]); // 00:00Z, then the hour the file skipped
    expect(await problemsOf('time,v\n2021-03-28 01:00,1\n2021-03-28 02:30,2\n2021-03-28 03:00,3\n', { timezone: 'Europe/Berlin' })).toEqual([
      {
        row: 3,
        column: 'time',
        message:
          'Row 3, column "time": 2021-03-28 02:30 does not exist in Europe/Berlin: clocks skip that hour there; ' +
          'correct the row, or declare the zone the times are in',
      },
    ]);
  });

  it('leaves explicit offsets and bare dates as they are', async () => {
    const zoned = await ingestCsvText('time,v\n2021-07-01T10:00:00Z,1\n2021-07-01T11:00:00Z,2\n', { mapping: { timezone: 'Europe/Berlin' } });
    expect(zoned.series[0].start.toISOString()).toBe('2021-07-01T10:00:00.000Z');
    const daily = await ingestCsvText('date,v\n2021-03-27,1\n2021-03-28,2\n2021-03-29,3\n', { mapping: { timezone: 'Europe/Berlin' } });
    expect(daily.series[0].start.toISOString()).toBe('2021-03-27T00:00:00.000Z');
    expect(daily.frequency).toEqual({ unit: 'day', step: 1 });
  });
});
