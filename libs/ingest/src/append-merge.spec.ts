import { describe, expect, it } from 'vitest';
import { mergeAppend } from './append-merge';
import { ingestCsvText } from './csv-ingest';
import { CsvIngestError } from './problems';

const values = (a: Float64Array) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

/** A dataset as the first upload stored it, and the rows appended to it parsed on its grid. */
async function append(first: string, next: string) {
  const dataset = await ingestCsvText(first);
  const upload = await ingestCsvText(next, { frequency: dataset.frequency });
  return { dataset, result: mergeAppend(dataset.profile, dataset.series, upload) };
}

const byKey = (series: { key: string; values: Float64Array; change: unknown }[]) =>
  Object.fromEntries(series.map((s) => [s.key, { values: values(s.values), change: s.change }]));

describe('mergeAppend', () => {
  it('appends rows after each series end on its grid, counting the gaps between', async () => {
    const { result } = await append(
      'id,month,v\na,2020-01,1\na,2020-02,2\nb,2020-01,5\nb,2020-02,6\n',
      'id,month,v\na,2020-03,3\na,2020-04,4\nb,2020-05,9\n',
    );
    expect(byKey(result.series)).toEqual({
      a: { values: [1, 2, 3, 4], change: 'updated' },
      b: { values: [5, 6, null, null, 9], change: 'updated' },
    });
    expect(result.summary).toMatchObject({ rowsAdded: 3, seriesExtended: 2, seriesAdded: 0, gaps: 2, filled: 0, changed: true });
    expect(result.profile).toMatchObject({ points: 9, maxLength: 5, end: '2020-05-01T00:00:00.000Z', gaps: 2, missing: 2 });
    expect(result.profile.gappiestSeries).toEqual([{ id: 'b', gaps: 2 }]);
  });

  it('reclassifies demand after an append: a series that stopped selling becomes intermittent', async () => {
    const { dataset, result } = await append('month,v\n2020-01,5\n2020-02,6\n2020-03,5\n', 'month,v\n2020-04,0\n2020-05,0\n2020-06,0\n');
    expect(dataset.profile.demandClasses).toEqual({ smooth: 1, erratic: 0, intermittent: 0, lumpy: 0 });
    expect(result.profile.demandClasses).toEqual({ smooth: 0, erratic: 0, intermittent: 1, lumpy: 0 });
  });

  it('keeps stored values at overlapping timestamps, counting identical ones and conflicts with examples', async () => {
    const { result } = await append('month,v\n2020-01,1\n2020-02,2\n2020-03,3\n', 'month,v\n2020-02,2\n2020-03,30\n2020-04,4\n');
    expect(values(result.series[0].values)).toEqual([1, 2, 3, 4]);
    expect(result.summary.overlaps).toEqual({
      count: 2,
      identical: 1,
      conflicting: 1,
      examples: [{ series: 'v', timestamp: '2020-03-01T00:00:00.000Z', stored: 3, uploaded: 30 }],
    });
    expect(result.summary).toMatchObject({ rowsAdded: 1, seriesExtended: 1 });
  });

  it('fills stored missing values, and ignores missing cells of the file', async () => {
    const { result } = await append('month,v\n2020-01,1\n2020-02,\n2020-03,3\n', 'month,v\n2020-01,NA\n2020-02,2\n');
    expect(values(result.series[0].values)).toEqual([1, 2, 3]);
    expect(result.summary).toMatchObject({ filled: 1, rowsAdded: 1, seriesExtended: 0, overlaps: { count: 0 }, changed: true });
    expect(result.profile.missing).toBe(0);
  });

  it('does not extend a series with rows after its end that hold no value (they would move its end, and forecasts, on)', async () => {
    const { result } = await append('month,v\n2020-01,1\n2020-02,2\n', 'month,v\n2020-03,3\n2020-04,\n2020-05,NA\n');
    expect(values(result.series[0].values)).toEqual([1, 2, 3]);
    expect(result.summary).toMatchObject({ rowsAdded: 1, seriesExtended: 1, gaps: 0, changed: true });
    expect(result.profile).toMatchObject({ end: '2020-03-01T00:00:00.000Z', missing: 0 });
    const nothing = await append('month,v\n2020-01,1\n2020-02,2\n', 'month,v\n2020-02,2\n2020-03,\n2020-04,\n');
    expect(values(nothing.result.series[0].values)).toEqual([1, 2]);
    expect(nothing.result.summary).toMatchObject({ rowsAdded: 0, seriesExtended: 0, changed: false });
  });

  it('reports and skips rows before a series starts', async () => {
    const { result } = await append('month,v\n2020-03,3\n2020-04,4\n', 'month,v\n2020-01,1\n2020-02,2\n2020-05,5\n');
    expect(values(result.series[0].values)).toEqual([3, 4, 5]);
    expect(result.series[0].start).toEqual(new Date('2020-03-01T00:00:00Z'));
    expect(result.summary.beforeStart).toEqual({
      count: 2,
      examples: [
        { series: 'v', timestamp: '2020-01-01T00:00:00.000Z', start: '2020-03-01T00:00:00.000Z' },
        { series: 'v', timestamp: '2020-02-01T00:00:00.000Z', start: '2020-03-01T00:00:00.000Z' },
      ],
    });
  });

  it('adds unknown series keys as new series, after the stored ones', async () => {
    const { result } = await append('date,a,c\n2020-01-01,1,0\n2020-01-02,2,0\n', 'date,a,b\n2020-01-03,3,7\n2020-01-05,4,9\n');
    expect(byKey(result.series)).toEqual({
      a: { values: [1, 2, 3, null, 4], change: 'updated' },
      c: { values: [0, 0], change: null },
      b: { values: [7, null, 9], change: 'added' },
    });
    expect(result.series.map((s) => s.key)).toEqual(['a', 'c', 'b']);
    expect(result.summary).toMatchObject({ rowsAdded: 4, seriesExtended: 1, seriesAdded: 1, gaps: 2 });
    expect(result.profile).toMatchObject({ seriesCount: 3, layout: 'wide', columns: { values: ['a', 'c', 'b'] }, gaps: 2, rows: 4 });
  });

  it('refuses a new series whose key differs from a stored one only in case or spaces (an append cannot be undone)', async () => {
    const problems = async (first: string, next: string) => ((await append(first, next).catch((e: unknown) => e)) as CsvIngestError).problems;
    const hint = 'an append would add it as a new series: write the key as stored, or upload the series as a dataset of its own';
    expect(await problems('date,Store A,Store B\n2020-01-01,1,5\n2020-01-02,2,6\n', 'date,Store a,Store B\n2020-01-03,3,7\n')).toEqual([
      { row: null, column: 'Store a', message: `Column "Store a": series "Store a" differs from the stored series "Store A" only in case or spaces; ${hint}` },
    ]);
    expect(await problems('id,date,v\nStore A,2020-01-01,1\nStore A,2020-01-02,2\n', 'id,date,v\nStore A,2020-01-03,3\nstore  a,2020-01-03,3\n')).toEqual([
      { row: 3, column: 'id', message: `Row 3, column "id": series "store  a" differs from the stored series "Store A" only in case or spaces; ${hint}` },
    ]);
  });

  it('changes nothing, profile included, when every row is already stored', async () => {
    const { dataset, result } = await append('month,v\n2020-01,1\n2020-02,2\n', 'month,v\n2020-01,1\n2020-02,2\n');
    expect(result.summary).toMatchObject({ changed: false, rowsAdded: 0, overlaps: { count: 2, identical: 2 } });
    expect(result.series.every((s) => s.change === null)).toBe(true);
    expect(result.profile).toBe(dataset.profile);
  });

  it('refuses rows of another frequency, with a message that names both', async () => {
    const dataset = await ingestCsvText('month,v\n2020-01,1\n2020-02,2\n');
    const daily = await ingestCsvText('month,v\n2020-03-01,3\n2020-03-02,4\n');
    expect(() => mergeAppend(dataset.profile, dataset.series, daily)).toThrow(CsvIngestError);
    expect(() => mergeAppend(dataset.profile, dataset.series, daily)).toThrow(/every 1 day, but the dataset's series are every 1 month/);

    // Parsed on the dataset's grid, as the worker does, the rows at fault are named.
    const error = await ingestCsvText('month,v\n2020-03-01,3\n2020-03-02,4\n', { frequency: dataset.frequency }).catch((e) => e);
    expect(error).toBeInstanceOf(CsvIngestError);
    expect(error.problems[0].message).toMatch(/rows are 1 day apart, but the dataset's series are every 1 month/);
    expect(error.problems[1]).toMatchObject({ row: 3, column: 'month' });
  });

  it('refuses rows on the same frequency but off a series grid', async () => {
    const dataset = await ingestCsvText('t,v\n2020-01-01T00:00Z,1\n2020-01-01T01:00Z,2\n');
    const shifted = await ingestCsvText('t,v\n2020-01-01T02:30Z,3\n', { frequency: dataset.frequency });
    expect(() => mergeAppend(dataset.profile, dataset.series, shifted)).toThrow(/off its 1 hour grid/);
  });

  it('accepts a single new row per series when parsed on the dataset grid', async () => {
    const { result } = await append('id,month,v\na,2020-01,1\na,2020-02,2\n', 'id,month,v\na,2020-03,3\n');
    expect(values(result.series[0].values)).toEqual([1, 2, 3]);
    await expect(ingestCsvText('id,month,v\na,2020-03,3\n')).rejects.toThrow(/needs at least 2/);
  });

  it('says of appended rows with no value that they bring none, not that the series has none', async () => {
    const dataset = await ingestCsvText('id,month,v\na,2020-01,1\na,2020-02,2\n');
    const error = await ingestCsvText('id,month,v\na,2020-03,\n', { frequency: dataset.frequency }).catch((e: unknown) => e);
    expect((error as CsvIngestError).problems).toEqual([
      { row: 2, column: 'id', message: 'Row 2, column "id": the rows of series "a" in this file hold no value (every one is empty or not a number); send at least one value for each series the file names' },
    ]);
  });

  it('refuses, before allocating, a lone far-off row that would make a series mostly gaps, under any points limit', async () => {
    const days = Array.from({ length: 30 }, (_, i) => `a,2024-01-${String(i + 1).padStart(2, '0')},${i}`);
    const dataset = await ingestCsvText(`id,day,v\n${days.join('\n')}\n`);
    const upload = await ingestCsvText('id,day,v\nb,2024-01-05,1\na,9999-12-31,1\n', { frequency: dataset.frequency });
    let error: unknown;
    try {
      mergeAppend(dataset.profile, dataset.series, upload);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvIngestError);
    expect((error as CsvIngestError).problems).toEqual([
      {
        row: 3,
        column: 'day',
        message:
          'Row 3, column "day": series "a" would span 2913174 steps of 1 day from 2024-01-01 to 9999-12-31 but has only ' +
          '31 rows (a series longer than 100000 steps may have at most 100 steps per row); check these timestamps',
      },
    ]);
  });

  it('bounds the gap an append may open by the points the series has (at least 10,000 steps), not by a fixed span', async () => {
    const hour = (i: number) => new Date(Date.UTC(2020, 0, 1, i)).toISOString();
    const series = (n: number) => ingestCsvText(`t,v\n${Array.from({ length: n }, (_, i) => `${hour(i)},${i}`).join('\n')}\n`);
    const short = await series(2_000);
    const at = async (step: number) => ingestCsvText(`t,v\n${hour(step)},1\n`, { frequency: short.frequency });
    // 2,000 points may be followed by a gap of 10,000 steps, not one more.
    expect(mergeAppend(short.profile, short.series, await at(12_000)).series[0].values.length).toBe(12_001);
    const beyond = await at(12_001);
    expect(() => mergeAppend(short.profile, short.series, beyond)).toThrow(
      /Row 2, column "t": series "v" would jump from its last point \(2020-03-24 07:00:00 UTC\) to 2021-05-\d\d 01:00:00 UTC: 10001 missing steps of 1 hour, more than the 2000 points it has/,
    );
    // 20,000 points may be followed by a gap as long.
    const long = await series(20_000);
    expect(mergeAppend(long.profile, long.series, await at(40_000)).series[0].values.length).toBe(40_001);
  });

  it('refuses the fresh-eyes append: one row in year 9999 after five years of months', async () => {
    const months = Array.from({ length: 60 }, (_, i) => `s1,${2018 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01,${i}`);
    await expect(append(`store,date,sales\n${months.join('\n')}\n`, 'store,date,sales\ns1,9999-01-01,1\n')).rejects.toThrow(
      /series "s1" would jump from its last point \(2022-12-01\) to 9999-01-01: 95712 missing steps of 1 month/,
    );
  });

  it('refuses, before allocating, an append whose timestamp would take the dataset past maxPoints', async () => {
    const dataset = await ingestCsvText('time,v\n2024-01-01 00:00:00,1\n2024-01-01 00:00:01,2\n');
    const upload = await ingestCsvText('time,v\n9999-12-31 00:00:00,5\n', { frequency: dataset.frequency });
    let error: unknown;
    try {
      mergeAppend(dataset.profile, dataset.series, upload, 1_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvIngestError);
    expect((error as CsvIngestError).problems.map((p) => p.message)).toEqual([
      'Row 2, column "time": series "v" would span 251698147201 steps of 1 second from 2024-01-01T00:00:00.000Z to ' +
        '9999-12-31T00:00:00.000Z, and the dataset over 1000 points, this installation\'s limit (UPLOAD_MAX_POINTS): ' +
        'check these timestamps, or ask the operator to raise UPLOAD_MAX_POINTS',
    ]);
  });
});
