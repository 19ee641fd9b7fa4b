import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { gridTimestamps, seededRandom } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { ingestCsv } from './csv-ingest';
import { datasetBytes, DATASETS_DIR, randomChunks } from './test-fixtures';

/*
 * Every shared dataset, checked against the figures its README publishes (shape, length, frequency) and, value by
 * value, against a naive split-based reading of the same file (these files have no quoted delimiters).
 */

const stream = (file: string) => createReadStream(resolve(DATASETS_DIR, file), { highWaterMark: 64 * 1024 });

/** Rows as cells, header dropped: the oracle the byte scanner is compared with. */
function naiveRows(file: string): string[][] {
  const text = new TextDecoder().decode(datasetBytes(file));
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split(',').map((cell) => cell.replace(/"/g, '')));
}

const iso = (d: Date) => d.toISOString();

describe('shared datasets', () => {
  it('airline-passengers: 1 monthly series of 144 from 1949-01', async () => {
    const { series, frequency, profile } = await ingestCsv(stream('airline-passengers.csv'));
    expect(frequency).toEqual({ unit: 'month', step: 1 });
    expect(profile).toMatchObject({ layout: 'long', seriesCount: 1, rows: 144, points: 144, gaps: 0, missing: 0 });
    expect(series[0].key).toBe('Passengers');
    expect(iso(series[0].start)).toBe('1949-01-01T00:00:00.000Z');
    expect(profile.end).toBe('1960-12-01T00:00:00.000Z');
    // The classic Box-Jenkins figures: 112 thousand passengers in Jan 1949, 432 in Dec 1960.
    expect([series[0].values[0], series[0].values[143]]).toEqual([112, 432]);
    expect(Array.from(series[0].values)).toEqual(naiveRows('airline-passengers.csv').map((r) => Number(r[1])));
  });

  it('monthly-shampoo-sales: 1 monthly series of 36, years 1-3 read as 2001-2003', async () => {
    const { series, frequency, profile } = await ingestCsv(stream('monthly-shampoo-sales.csv'));
    expect(frequency).toEqual({ unit: 'month', step: 1 });
    expect(profile).toMatchObject({ seriesCount: 1, points: 36, start: '2001-01-01T00:00:00.000Z', end: '2003-12-01T00:00:00.000Z' });
    expect(Array.from(series[0].values)).toEqual(naiveRows('monthly-shampoo-sales.csv').map((r) => Number(r[1])));
  });

  it('monthly-sunspots: 1 monthly series of 2,820 from 1749-01 to 1983-12', async () => {
    const { series, frequency, profile } = await ingestCsv(stream('monthly-sunspots.csv'));
    expect(frequency).toEqual({ unit: 'month', step: 1 });
    expect(profile).toMatchObject({ seriesCount: 1, points: 2820, gaps: 0, start: '1749-01-01T00:00:00.000Z', end: '1983-12-01T00:00:00.000Z' });
    expect(Array.from(series[0].values)).toEqual(naiveRows('monthly-sunspots.csv').map((r) => Number(r[1])));
  });

  it('daily-min-temperatures: daily 1981-1990, 3,650 rows on a 3,652-day grid (both Dec 31sts of leap years are missing)', async () => {
    const { series, frequency, profile } = await ingestCsv(stream('daily-min-temperatures.csv'));
    expect(frequency).toEqual({ unit: 'day', step: 1 });
    expect(profile).toMatchObject({ seriesCount: 1, rows: 3650, points: 3652, gaps: 2, missing: 2 });
    const s = series[0];
    const days = gridTimestamps(s.start, frequency, s.values.length).map((d) => iso(d).slice(0, 10));
    const missingDays = days.filter((_, i) => Number.isNaN(s.values[i]));
    expect(missingDays).toEqual(['1984-12-31', '1988-12-31']);
    const byDay = new Map(naiveRows('daily-min-temperatures.csv').map((r) => [r[0], Number(r[1])]));
    expect(byDay.size).toBe(3650);
    days.forEach((day, i) => expect(Number.isNaN(s.values[i]) ? undefined : s.values[i]).toBe(byDay.get(day)));
  });

  it('ETTh2: wide, 7 hourly series of 17,420 points', async () => {
    const { series, frequency, profile } = await ingestCsv(stream('ETTh2.csv'));
    expect(frequency).toEqual({ unit: 'hour', step: 1 });
    expect(profile).toMatchObject({
      layout: 'wide',
      columns: { timestamp: 'date', seriesId: null, values: ['HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT'] },
      seriesCount: 7,
      rows: 17420,
      points: 7 * 17420,
      minLength: 17420,
      maxLength: 17420,
      gaps: 0,
      start: '2016-07-01T00:00:00.000Z',
    });
    const rows = naiveRows('ETTh2.csv');
    series.forEach((s, j) => expect(Array.from(s.values)).toEqual(rows.map((r) => Number(r[j + 1]))));
  });

  it('m4-weekly-train: 359 weekly series of 80..2,597 points (366,912 rows), all ending 2018-12-31', async () => {
    const { series, frequency, profile } = await ingestCsv(stream('m4-weekly-train.csv'));
    expect(frequency).toEqual({ unit: 'week', step: 1 });
    expect(profile).toMatchObject({
      layout: 'long',
      columns: { timestamp: 'ds', seriesId: 'unique_id', values: ['y'] },
      seriesCount: 359,
      rows: 366_912,
      points: 366_912,
      minLength: 80,
      maxLength: 2597,
      gaps: 0,
      missing: 0,
      end: '2018-12-31T00:00:00.000Z',
    });
    const expected = new Map<string, number[]>();
    for (const [id, , y] of naiveRows('m4-weekly-train.csv')) {
      if (!expected.has(id)) expected.set(id, []);
      expected.get(id)?.push(Number(y));
    }
    expect(series.map((s) => s.key)).toEqual([...expected.keys()]);
    for (const s of series) {
      expect(Array.from(s.values)).toEqual(expected.get(s.key));
      const last = gridTimestamps(s.start, frequency, 1, s.values.length - 1)[0];
      expect(iso(last)).toBe('2018-12-31T00:00:00.000Z');
    }
  });

  it('m4-weekly-test: 359 × 13 weeks that follow the training series', async () => {
    const { series, profile } = await ingestCsv(stream('m4-weekly-test.csv'));
    expect(profile).toMatchObject({ seriesCount: 359, minLength: 13, maxLength: 13, start: '2019-01-07T00:00:00.000Z' });
    expect(new Set(series.map((s) => iso(s.start)))).toEqual(new Set(['2019-01-07T00:00:00.000Z']));
  });

  it('parses m4-weekly-train in well under a second', async () => {
    const bytes = datasetBytes('m4-weekly-train.csv');
    const chunks = async function* () {
      for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
    };
    await ingestCsv(chunks()); // warm the JIT
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await ingestCsv(chunks());
      times.push(performance.now() - started);
    }
    const best = Math.min(...times);
    console.log(`m4-weekly-train.csv (12 MB, 366,912 rows): ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    // The target is < 400 ms on an idle machine; the bound leaves room for a CPU shared with other test runs.
    expect(best).toBeLessThan(1000);
  });

  it('reads airline and ETTh2 the same whatever the chunk boundaries', async () => {
    const random = seededRandom(1);
    for (const file of ['airline-passengers.csv', 'ETTh2.csv']) {
      const bytes = datasetBytes(file);
      const reference = await ingestCsv(randomChunks(bytes, () => 0.999, 1 << 20));
      for (let trial = 0; trial < 5; trial++) {
        const maxChunk = file === 'ETTh2.csv' ? 1 + Math.floor(random() * 4096) : 1 + Math.floor(random() * 16);
        expect(await ingestCsv(randomChunks(bytes, random, maxChunk))).toEqual(reference);
      }
    }
  });
});
