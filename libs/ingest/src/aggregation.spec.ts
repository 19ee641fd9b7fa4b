import fc from 'fast-check';
import { seededRandom, type ColumnMapping } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { DUPLICATES_HINT } from './advice';
import { ingestCsvText } from './csv-ingest';
import { previewCsv } from './csv-preview';
import { CsvIngestError } from './problems';
import type { ParsedDataset } from './series-builder';

/** What must match between a file and its clean ISO equivalent: keys, starts, values (null = missing). */
const shape = (d: ParsedDataset) => ({
  frequency: d.frequency,
  series: d.series.map((s) => ({ key: s.key, start: s.start.toISOString(), values: Array.from(s.values, (v) => (v !== v ? null : v)) })),
});

async function problemsOf(text: string, mapping: ColumnMapping) {
  const error = await ingestCsvText(text, { mapping }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CsvIngestError)) throw new Error('expected the file to be refused');
  return error.problems.map((p) => p.message);
}

const pad = (n: number) => String(n).padStart(2, '0');
const DAILY = { frequency: { unit: 'day', step: 1 }, aggregate: 'sum' } as const;

describe('a transaction log aggregated to daily sums', () => {
  // Three stores, five days, integer amounts split into many sales at irregular times; store B sells nothing on day 3.
  const days = ['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08'];
  const totals: Record<string, (number | null)[]> = { A: [120, 80, 95, 130, 60], B: [40, 55, null, 70, 35], C: [300, 280, 310, 290, 305] };
  const random = seededRandom(14);
  const sales: string[] = [];
  for (const [store, perDay] of Object.entries(totals)) {
    perDay.forEach((total, d) => {
      if (total === null) return;
      let left = total;
      while (left > 0) {
        const amount = Math.min(left, 1 + Math.floor(random() * 20));
        left -= amount;
        const second = 8 * 3600 + Math.floor(random() * 12 * 3600);
        const time = `${pad(Math.floor(second / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;
        sales.push(`${store},${days[d]} ${time},${amount}`);
      }
    });
  }
  // The export is in till order, not by store: shuffle it.
  for (let i = sales.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sales[i], sales[j]] = [sales[j], sales[i]];
  }
  const log = `store,time,sales\n${sales.join('\n')}\n`;
  const clean =
    'store,day,sales\n' +
    Object.entries(totals)
      .flatMap(([store, perDay]) => perDay.flatMap((t, d) => (t === null ? [] : [`${store},${days[d]},${t}`])))
      .join('\n');

  it('gives the same series as the clean daily file, the empty day a gap', async () => {
    const parsed = await ingestCsvText(log, { mapping: { resample: DAILY } });
    // Series come in the order the file first names them; the till export is shuffled.
    const byKey = (d: ParsedDataset) => ({ ...shape(d), series: shape(d).series.sort((a, b) => a.key.localeCompare(b.key)) });
    expect(byKey(parsed)).toEqual(byKey(await ingestCsvText(clean)));
    expect(parsed.series.find((x) => x.key === 'B')).toMatchObject({ gaps: 1 });
    expect(parsed.profile).toMatchObject({ rows: sales.length, merged: sales.length - 14, points: 15 });
    expect(parsed.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/resampled to 1 day by sum: \d+ rows folded/));
    // Irregular periods are not taken for partial ones.
    expect(parsed.warnings.map((w) => w.message).join()).not.toMatch(/partial/);
  });

  it('shows the daily sums in the preview, first in time then by store', async () => {
    const preview = await previewCsv(log, { mapping: { resample: DAILY }, rows: 4 });
    expect(preview.problems).toEqual([]);
    expect(preview.frequency).toEqual({ unit: 'day', step: 1 });
    // Series in the order the file first names them, within each day.
    const order = [...new Set(sales.map((line) => line.split(',')[0]))];
    const day = (d: number, store: string) => ({ timestamp: `${days[d]}T00:00:00.000Z`, seriesId: store, values: [totals[store][d]] });
    expect(preview.aggregation).toEqual({ merged: sales.length - 14, rows: [...order.map((store) => day(0, store)), day(1, order[0])] });
  });

  it('is refused without a mapping, naming the repeated timestamps and the control that merges them', async () => {
    const log2 = 'store,time,sales\nA,2024-03-04 09:00,1\nA,2024-03-04 09:00,2\nA,2024-03-04 10:00,3\n';
    expect(await problemsOf(log2, {})).toEqual([`Row 3, column "time": series "A" has the timestamp 2024-03-04 09:00:00 UTC twice (rows 2 and 3); ${DUPLICATES_HINT}`]);
  });
});

describe('resampling an hourly file', () => {
  // Two series (wide), three whole days; each day's hours sit ±d around the day's mean, so the mean is exact.
  const means = { north: [10, 12, 11], south: [50, 40, 45] };
  const hourly = (fromHour = 0, toHour = 72) => {
    const lines = ['time,north,south'];
    for (let h = fromHour; h < toHour; h++) {
      const day = Math.floor(h / 24);
      const sign = h % 24 < 12 ? 1 : -1;
      const stamp = `2024-01-${pad(1 + day)}T${pad(h % 24)}:00:00Z`;
      lines.push(`${stamp},${means.north[day] + sign * ((h % 12) + 1)},${means.south[day] - sign * 3}`);
    }
    return lines.join('\n');
  };
  const clean = 'date,north,south\n2024-01-01,10,50\n2024-01-02,12,40\n2024-01-03,11,45\n';

  it('gives the daily means of the clean file', async () => {
    const parsed = await ingestCsvText(hourly(), { mapping: { resample: { frequency: { unit: 'day', step: 1 }, aggregate: 'mean' } } });
    expect(shape(parsed)).toEqual(shape(await ingestCsvText(clean)));
    expect(parsed.profile.merged).toBe(72 - 3);
  });

  it('keeps partial first and last days, with a warning naming them', async () => {
    const parsed = await ingestCsvText(hourly(13, 60), { mapping: { resample: { frequency: { unit: 'day', step: 1 }, aggregate: 'sum' } } });
    expect(parsed.series.map((s) => s.values.length)).toEqual([3, 3]);
    expect(parsed.warnings.map((w) => w.message)).toContainEqual(
      'Column "time": partial periods at the ends were kept, with fewer rows than the others: 2024-01-01 (11 of 24 rows), 2024-01-03 (12 of 24 rows)',
    );
  });

  it('anchors weeks on Mondays and months on the 1st, gaps between periods kept as gaps', async () => {
    // Wednesday 2024-01-03 to Tuesday 2024-02-13, one per day; nothing from 2024-01-15 to 2024-01-21 (a whole week).
    const lines = ['date,v'];
    for (let d = new Date('2024-01-03T00:00:00Z'); d <= new Date('2024-02-13T00:00:00Z'); d = new Date(d.getTime() + 86_400_000)) {
      const iso = d.toISOString().slice(0, 10);
      if (iso < '2024-01-15' || iso > '2024-01-21') lines.push(`${iso},1`);
    }
    const weekly = await ingestCsvText(lines.join('\n'), { mapping: { resample: { frequency: { unit: 'week', step: 1 }, aggregate: 'sum' } } });
    expect(shape(weekly).series).toEqual([{ key: 'v', start: '2024-01-01T00:00:00.000Z', values: [5, 7, null, 7, 7, 7, 2] }]);
    expect(weekly.frequency).toEqual({ unit: 'week', step: 1 });
    const monthly = await ingestCsvText(lines.join('\n'), { mapping: { resample: { frequency: { unit: 'month', step: 1 }, aggregate: 'sum' } } });
    expect(shape(monthly).series).toEqual([{ key: 'v', start: '2024-01-01T00:00:00.000Z', values: [22, 13] }]);
  });

  it('takes 15-minute readings to hourly means', async () => {
    const text = 'time,kw\n2024-05-01 00:00,1\n2024-05-01 00:15,2\n2024-05-01 00:30,3\n2024-05-01 00:45,6\n2024-05-01 01:00,4\n2024-05-01 01:15,\n';
    const parsed = await ingestCsvText(text, { mapping: { resample: { frequency: { unit: 'hour', step: 1 }, aggregate: 'mean' } } });
    expect(shape(parsed)).toEqual(shape(await ingestCsvText('time,kw\n2024-05-01 00:00,3\n2024-05-01 01:00,4\n')));
  });

  it('refuses a finer frequency, saying what the rows are', async () => {
    const messages = await problemsOf(clean, { resample: { frequency: { unit: 'hour', step: 1 }, aggregate: 'sum' } });
    expect(messages).toEqual([
      'Column "date": cannot resample to 1 hour: the rows are 1 day apart, and resampling only aggregates to a coarser ' +
        'frequency (e.g. hourly rows to days); choose 1 day or coarser',
    ]);
  });

  it('refuses a finer frequency when rows repeat a timestamp or come out of order (they are not closer than a day)', async () => {
    const daily = Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${i}`);
    const messy = ['date,v', daily[5], ...daily, daily[3]].join('\n');
    const messages = await problemsOf(messy, { resample: { frequency: { unit: 'minute', step: 1 }, aggregate: 'sum' } });
    expect(messages).toEqual([expect.stringMatching(/^Column "date": cannot resample to 1 minute: the rows are 1 day apart/)]);
  });

  it('keeps a period whose rows are all missing as a missing value', async () => {
    const text = 'time,v\n2024-01-01 00:00,1\n2024-01-01 12:00,2\n2024-01-02 00:00,\n2024-01-02 12:00,NA\n2024-01-03 00:00,5\n';
    const parsed = await ingestCsvText(text, { mapping: { resample: { frequency: { unit: 'day', step: 1 }, aggregate: 'sum' } } });
    expect(shape(parsed).series[0].values).toEqual([3, null, 5]);
    expect(parsed.series[0]).toMatchObject({ missing: 1, gaps: 0 });
  });
});

describe('duplicates policy', () => {
  // a repeats its first day once and its second twice (rows 4, 5, 10; one missing); b its second (both missing).
  const file = 'id,date,v\na,2024-01-01,1\na,2024-01-01,3\na,2024-01-02,\na,2024-01-02,5\nb,2024-01-01,7\nb,2024-01-02,NA\nb,2024-01-02,\nb,2024-01-03,2\na,2024-01-02,4\n';
  const cleanFor = (a1: number, a2: number) => `id,date,v\na,2024-01-01,${a1}\na,2024-01-02,${a2}\nb,2024-01-01,7\nb,2024-01-02,\nb,2024-01-03,2\n`;

  it.each([
    ['sum', cleanFor(4, 9)],
    ['mean', cleanFor(2, 4.5)],
    ['first', cleanFor(1, 5)],
    ['last', cleanFor(3, 4)],
  ] as const)('%s gives the clean file’s series, missing values ignored', async (policy, clean) => {
    const parsed = await ingestCsvText(file, { mapping: { duplicates: policy } });
    expect(shape(parsed)).toEqual(shape(await ingestCsvText(clean)));
    expect(parsed.profile.merged).toBe(4);
    expect(parsed.warnings.map((w) => w.message)).toContainEqual(
      `Column "date": 4 rows at a timestamp their series already had were merged (duplicates: ${policy})`,
    );
  });

  it('refuses duplicates by default, and when asked to', async () => {
    for (const mapping of [{}, { duplicates: 'refuse' as const }]) {
      expect(await problemsOf(file, mapping)).toHaveLength(4);
    }
  });

  it('shows the merged first rows and the count in the preview', async () => {
    const preview = await previewCsv(file, { mapping: { duplicates: 'sum' }, rows: 3 });
    expect(preview.aggregation).toEqual({
      merged: 4,
      rows: [
        { timestamp: '2024-01-01T00:00:00.000Z', seriesId: 'a', values: [4] },
        { timestamp: '2024-01-01T00:00:00.000Z', seriesId: 'b', values: [7] },
        { timestamp: '2024-01-02T00:00:00.000Z', seriesId: 'a', values: [9] },
      ],
    });
    expect((await previewCsv(file, {})).aggregation).toBeNull();
  });
});

describe('aggregation properties', () => {
  const HOUR = 3_600_000;
  const T0 = Date.UTC(2024, 0, 1);
  /** Rows of one series: an hour offset within 20 days and an integer value or a missing cell. */
  const rowsArb = fc.array(fc.record({ hour: fc.integer({ min: 0, max: 20 * 24 - 1 }), minute: fc.integer({ min: 0, max: 59 }), v: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }) }), {
    minLength: 2,
    maxLength: 80,
  });
  /** Rows at 00:00 and 01:00 of the first day and on the second make it hourly at most, and two days long. */
  const FIXED = [{ hour: 0, minute: 0, v: 1 }, { hour: 1, minute: 0, v: 2 }, { hour: 30, minute: 0, v: 3 }];
  const csv = (rows: { hour: number; minute: number; v: number | null }[]) =>
    'time,v\n' + [...FIXED, ...rows].map((r) => `${new Date(T0 + r.hour * HOUR + r.minute * 60_000).toISOString()},${r.v ?? ''}`).join('\n');

  it('resampling by sum conserves the total', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, async (rows) => {
        const parsed = await ingestCsvText(csv(rows), { mapping: { resample: DAILY } });
        const total = parsed.series[0].values.reduce((n, v) => (v === v ? n + v : n), 0);
        expect(total).toBe([...FIXED, ...rows].reduce((n, r) => n + (r.v ?? 0), 0));
      }),
      { numRuns: 60 },
    );
  });

  it('the mean of a constant is the constant', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.double({ min: -1e6, max: 1e6, noNaN: true }), async (rows, c) => {
        const text = csv(rows.map((r) => ({ ...r, v: r.v === null ? null : c }))).replace(/,[123]$/gm, `,${c}`);
        const parsed = await ingestCsvText(text, { mapping: { resample: { frequency: { unit: 'day', step: 1 }, aggregate: 'mean' } } });
        for (const v of parsed.series[0].values) if (v === v) expect(v).toBeCloseTo(c, 6);
      }),
      { numRuns: 60 },
    );
  });

  it('a policy changes nothing in a file without duplicates', async () => {
    const distinct = fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { minLength: 2, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(distinct, fc.constantFrom('sum', 'mean', 'first', 'last') as fc.Arbitrary<'sum'>, async (hours, policy) => {
        const text = 'time,v\n' + hours.map((h, i) => `${new Date(T0 + h * HOUR).toISOString()},${i % 7 === 3 ? '' : (i * 37) % 101}`).join('\n');
        const plain = await ingestCsvText(text).then(shape, (e: unknown) => e);
        const merged = await ingestCsvText(text, { mapping: { duplicates: policy } }).then(shape, (e: unknown) => e);
        expect(merged).toEqual(plain);
      }),
      { numRuns: 60 },
    );
  });
});
