import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestCsv } from './csv-ingest';
import { CsvIngestError } from './problems';
import { chunksOf } from './test-fixtures';

/** A long file: quoted ids with delimiters, "" escapes, line breaks and multi-byte characters; CRLF line ends. */
const ids = fc.constantFrom('a', 'Zürich "Nord"', '東京;\r\n本社 🗼', 'x,y', 'é');
const file = fc
  .record({
    series: fc.uniqueArray(ids, { minLength: 1, maxLength: 3 }),
    days: fc.integer({ min: 2, max: 6 }),
    values: fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.constant(NaN)), { minLength: 18, maxLength: 18 }),
    crlf: fc.boolean(),
  })
  .map(({ series, days, values, crlf }) => {
    const lines = ['"id","day","v"'];
    series.forEach((id, s) => {
      for (let d = 0; d < days; d++) {
        const v = values[(s * 6 + d) % values.length] ?? NaN;
        lines.push(`"${id.replace(/"/g, '""')}",2024-01-0${d + 1},${Number.isNaN(v) ? 'NA' : String(v)}`);
      }
    });
    return new TextEncoder().encode(lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n'));
  });

/** The outcome of reading, as data: the dataset, or the problems; anything else thrown fails the property. */
async function outcome(chunks: Uint8Array[]) {
  try {
    return { dataset: await ingestCsv(chunksOf(chunks)) };
  } catch (error) {
    if (error instanceof CsvIngestError) return { problems: error.problems };
    throw error;
  }
}

const cut = (bytes: Uint8Array, points: number[]) => {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => bytes.subarray(start, at[i] ?? bytes.length));
};

describe('the CSV reader, on generated files', () => {
  it('gives the same result for any split of the bytes (inside UTF-8 characters, quotes, between \\r and \\n)', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.array(fc.nat(), { maxLength: 12 }), async (bytes, points) => {
        expect(await outcome(cut(bytes, points))).toEqual(await outcome([bytes]));
      }),
      { numRuns: 150 },
    );
  });

  it('answers any truncation with a dataset or a CsvIngestError, never another exception', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.nat(), fc.array(fc.nat(), { maxLength: 4 }), async (bytes, end, points) => {
        const truncated = bytes.subarray(0, end % (bytes.length + 1));
        const result = await outcome(cut(truncated, points));
        if (result.dataset) for (const s of result.dataset.series) expect(s.values.every((v) => Number.isNaN(v) || Number.isFinite(v))).toBe(true);
        else expect(result.problems?.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
