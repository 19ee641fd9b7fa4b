import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestCsv } from './csv-ingest';
import { CsvIngestError } from './problems';
import { chunksOf } from './test-fixtures';
import { previewBytes } from './workbook-preview';

const bytesOf = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

const NOT_UTF8 =
  'the file is not valid UTF-8 (the first invalid byte is on this line): save it as UTF-8 ("CSV UTF-8" in spreadsheet programs) and upload it again';

async function problemsOf(chunks: Uint8Array[], options = {}) {
  const error = await ingestCsv(chunksOf(chunks), options).catch((e: unknown) => e);
  if (!(error instanceof CsvIngestError)) throw new Error('expected the file to be refused');
  return error.problems;
}

/** Series keys \xff and \xfe: a lenient decoder reads both as U+FFFD and merges them. */
const twoKeys = bytesOf('id,date,v\n', [0xff], ',2020-01-01,1\n', [0xff], ',2020-01-02,2\n', [0xfe], ',2020-01-01,10\n', [0xfe], ',2020-01-02,20\n');

describe('UTF-8 check', () => {
  it('refuses invalid UTF-8 instead of merging distinct keys, naming the row of the first bad byte', async () => {
    expect(await problemsOf([twoKeys], { mapping: { duplicates: 'sum' } })).toEqual([{ row: 2, column: null, message: `Row 2: ${NOT_UTF8}` }]);
  });

  it('names the right row whatever the chunks, with CR LF line ends and a BOM', async () => {
    const file = bytesOf('\uFEFFdate,v\r\n2020-01-01,1\r\n2020-01-02,2\r\n2020-01-03,', [0xc3, 0x28], '\r\n');
    // The BOM's three bytes in three chunks: the character begun two chunks back must still count (found by the property).
    const byteByByte = [file.subarray(0, 1), file.subarray(1, 2), file.subarray(2)];
    expect(await problemsOf(byteByByte)).toEqual([{ row: 4, column: null, message: `Row 4: ${NOT_UTF8}` }]);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: file.length - 1 }), { maxLength: 6 }), async (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), file.length];
        const chunks = at.slice(1).map((end, i) => file.subarray(at[i], end));
        expect(await problemsOf(chunks)).toEqual([{ row: 4, column: null, message: `Row 4: ${NOT_UTF8}` }]);
      }),
      { numRuns: 100 },
    );
  });

  it('accepts multi-byte characters split across chunks, and refuses one cut short by the end of the file', async () => {
    const file = bytesOf('id,date,v\nZürich €,2020-01-01,1\nZürich €,2020-01-02,2\n');
    const chunks = Array.from(file, (_, i) => file.subarray(i, i + 1));
    const parsed = await ingestCsv(chunksOf(chunks));
    expect(parsed.series.map((s) => s.key)).toEqual(['Zürich €']);
    const cut = bytesOf('date,v\n2020-01-01,1\n2020-01-02,2\n', [0xe2, 0x82]);
    expect(await problemsOf([cut])).toEqual([{ row: 4, column: null, message: `Row 4: ${NOT_UTF8}` }]);
  });

  it('refuses invalid UTF-8 in the preview too', async () => {
    const preview = await previewBytes(twoKeys);
    expect(preview.problems).toEqual([{ row: 2, column: null, message: `Row 2: ${NOT_UTF8}` }]);
    const fine = await previewBytes(bytesOf('\uFEFFdate,v\n2020-01-01,1\n2020-01-02,2\n'));
    expect(fine.problems).toEqual([]);
  });
});
