import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv';

describe('csvCell', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    for (const hostile of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(csvCell(hostile).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('=1+1')).toBe("'=1+1");
  });
  it('keeps numbers as numbers (negative ones too) and leaves missing values empty', () => {
    expect(csvRow(['a', -1.5, 0, null, Number.NaN])).toBe('a,-1.5,0,,\n');
  });
  it('writes every finite number losslessly: read back, it is the same number', () => {
    expect(csvCell(35397.16)).toBe('35397.16');
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        // -0 is written 0, the same figure.
        expect(Number(csvCell(value))).toBe(value === 0 ? 0 : value);
      }),
    );
  });
  it('quotes delimiters, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
});
