import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvWriter } from './output-writers';

describe('CsvWriter', () => {
  it('defuses series keys a spreadsheet would run as formulas, as the API export does', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'csv-writer-')), 'out.csv');
    const writer = new CsvWriter(path, ['unique_id', 'yhat']);
    for (const key of ['=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)', '\tcmd', 'plain']) await writer.row([key, -1.5]);
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe(
      ['unique_id,yhat', `"'=HYPERLINK(""http://x"")",-1.5`, "'+1,-1.5", "'-1,-1.5", "'@SUM(A1),-1.5", "'\tcmd,-1.5", 'plain,-1.5', ''].join('\n'),
    );
  });

  it('writes numbers in full precision and non-finite ones as empty cells', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'csv-writer-')), 'out.csv');
    const writer = new CsvWriter(path, ['a', 'b', 'c']);
    await writer.row([0.1 + 0.2, Number.NaN, 'x,y']);
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe('a,b,c\n0.30000000000000004,,"x,y"\n');
  });
});
