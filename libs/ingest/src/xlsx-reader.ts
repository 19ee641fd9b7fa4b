import ExcelJS from 'exceljs';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Transform, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CsvProblem } from '@foretell/contracts';
import { CsvIngestError, quote, where } from './problems';
import { createRequire } from 'node:module';

/*
 * Excel workbooks (.xlsx) read as the CSV text the one ingest path already understands: ExcelJS's streaming reader
 * hands over rows, and each becomes a CSV line at the sheet's own row number (blank lines fill the rows the sheet
 * skips), so every problem names the sheet's row. Dates become ISO timestamps, numbers their exact shortest text,
 * formulas their cached result.
 */

/** A zip archive, as every .xlsx is. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** An OLE2 compound file: an old binary .xls, or a password-protected .xlsx (Excel encrypts into this container). */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export type FileKind = 'xlsx' | 'ole2' | 'text';

/** What the first bytes say a file is; the name is only checked against it (see `fileKindProblem`). */
export function fileKind(head: Uint8Array): FileKind {
  const starts = (sig: number[]) => head.length >= sig.length && sig.every((b, i) => head[i] === b);
  if (starts(ZIP)) return 'xlsx';
  if (starts(OLE2)) return 'ole2';
  return 'text';
}

export const OLE2_MESSAGE =
  'The file is an old Excel .xls workbook or a password-protected one, which this reader cannot open: save it as .xlsx (without a password) or as CSV';

/** Why a file's name and first bytes disagree (a zip not named .xlsx, a .xlsx or .xls that is not one), or null. */
export function fileKindProblem(fileName: string, head: Uint8Array): string | null {
  const kind = fileKind(head);
  const named = /\.xlsx$/i.test(fileName) ? 'xlsx' : /\.xls$/i.test(fileName) ? 'xls' : 'other';
  if (kind === 'ole2' || named === 'xls') return OLE2_MESSAGE;
  if (kind === 'xlsx' && named !== 'xlsx') {
    return `${fileName} is a zip archive, not a CSV file: only Excel workbooks are read from zip files, and they must be named .xlsx`;
  }
  if (kind !== 'xlsx' && named === 'xlsx') return `${fileName} is named .xlsx but is not an Excel workbook: save it again from Excel, or as CSV`;
  return null;
}

/** Excel's own limits: rows past it, or a cell past column XFD, are not a real sheet. */
const MAX_SHEET_ROWS = 1_048_576;
const MAX_SHEET_COLUMNS = 16_384;
/** All of a workbook's parts uncompressed (the installation's UPLOAD_MAX_WORKBOOK_BYTES): 512 MB holds Excel's last row. */
export const DEFAULT_MAX_WORKBOOK_BYTES = 512 * 1024 * 1024;
/**
 * Worksheet XML read without a row with cells being completed, as a share of that limit (8 MB of the default): a
 * bomb of one giant row, or of empty `<row/>`s, which a streaming parse would otherwise grind through for minutes.
 */
const SHARE_WITHOUT_CELLS = 64;
/** The shared strings and styles are cached whole (ExcelJS needs them to read cells); beyond these they are a bomb. */
const MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024;
const MAX_STYLES_BYTES = 16 * 1024 * 1024;
/** Cells outside the table listed at most. */
const MAX_PROBLEMS = 20;
/** CSV text handed on at once. */
const BATCH_CHARS = 64 * 1024;

export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function refused(row: number | null, column: string | null, message: string): CsvIngestError {
  return new CsvIngestError([{ row, column, message: where(row, column) + message }]);
}

const MB = 1024 * 1024;

/** ExcelJS's own zip reader (unzipper, without published types), resolved through ExcelJS so it is the one it reads with. */
const unzipper = createRequire(require.resolve('exceljs'))('unzipper') as { Parse(options: { forceStream: boolean }): Duplex };

/** The message of the zip reader's error when its input ends inside an entry (a file cut short). */
const ZIP_ENDED = 'FILE_ENDED';

/** A pass-through that fails once more than `limit` bytes went through it. */
function bounded(limit: number, what: string): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limit) done(refused(null, null, `the workbook's ${what} are over ${limit / MB} MB uncompressed: this is not a workbook this reader accepts`));
      else done(null, chunk);
    },
  });
}

type CellValue = ExcelJS.CellValue;
/** What ExcelJS's reader objects carry beyond their published types. */
interface ReaderInternals {
  model?: { sheets?: { name: string }[] };
  properties?: { date1904?: boolean };
  sharedStrings?: unknown;
  workbookRels?: unknown;
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): AsyncGenerator<unknown>;
}
type SheetReader = AsyncIterable<ExcelJS.Row> & { name: string };
interface ZipEntry extends Readable {
  path: string;
  autodrain(): void;
}

/**
 * ExcelJS's WorkbookReader with every part bounded: all parts together by `maxBytes` uncompressed, the cached ones by
 * their own limits, a sheet by the bytes between rows with cells. A sheet stored before the shared strings (as Excel
 * writes them) is spooled to a private temporary directory that is removed however reading ends; ExcelJS's own spool
 * is removed only on success.
 */
class BoundedWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  /** Worksheet bytes since the reader last handed over a row with cells, and the rows without one among them. */
  bytesSinceRow = 0;
  emptyRowsSinceRow = 0;
  private unzipped = 0;

  constructor(
    private readonly source: Readable,
    private readonly maxBytes: number,
    options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
  ) {
    super(source, options);
  }

  async *parse(): AsyncGenerator<{ eventType: string; value: unknown }> {
    const self = this as unknown as ReaderInternals;
    const zip = unzipper.Parse({ forceStream: true });
    this.source.on('error', (error) => zip.destroy(error)).pipe(zip);
    // A file cut short fails the parser (ZIP_ENDED), not the entry being read, which would then wait forever; an
    // entry it had already buffered may still come after. (Only that error: the parser's others, such as its abort
    // when reading stops early, must not fail an entry nobody reads.)
    let reading: ZipEntry | null = null;
    let cutShort: Error | null = null;
    zip.on('error', (error: Error) => {
      if (error.message !== ZIP_ENDED) return;
      cutShort = error;
      reading?.destroy(error);
    });
    const spooled: { sheetNo: string; path: string }[] = [];
    let spool: string | null = null;
    try {
      for await (const raw of zip as AsyncIterable<ZipEntry>) {
        if (cutShort) throw cutShort;
        reading = raw;
        const entry = this.counted(raw);
        const sheetNo = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(raw.path)?.[1];
        if (raw.path === 'xl/_rels/workbook.xml.rels') await self._parseRels(entry);
        else if (raw.path === 'xl/workbook.xml') await self._parseWorkbook(entry);
        else if (raw.path === 'xl/sharedStrings.xml') yield* self._parseSharedStrings(entry) as AsyncGenerator<{ eventType: string; value: unknown }>;
        else if (raw.path === 'xl/styles.xml') await self._parseStyles(entry);
        else if (sheetNo !== undefined && self.sharedStrings && self.workbookRels) {
          yield* self._parseWorksheet(entry, sheetNo) as AsyncGenerator<{ eventType: string; value: unknown }>;
        } else if (sheetNo !== undefined) {
          spool ??= await mkdtemp(join(tmpdir(), 'foretell-xlsx-'));
          const path = join(spool, `sheet${sheetNo}.xml`);
          await pipeline(entry, createWriteStream(path));
          spooled.push({ sheetNo, path });
        }
        reading = null;
        raw.autodrain();
      }
      for (const { sheetNo, path } of spooled) {
        yield* self._parseWorksheet(createReadStream(path), sheetNo) as AsyncGenerator<{ eventType: string; value: unknown }>;
      }
    } finally {
      zip.destroy();
      if (spool) await rm(spool, { recursive: true, force: true });
    }
  }

  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown> {
    return base._parseSharedStrings.call(this, entry.pipe(bounded(MAX_SHARED_STRINGS_BYTES, 'shared strings')));
  }

  _parseStyles(entry: NodeJS.ReadableStream): Promise<void> {
    return base._parseStyles.call(this, entry.pipe(bounded(MAX_STYLES_BYTES, 'styles')));
  }

  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): AsyncGenerator<unknown> {
    return base._parseWorksheet.call(this, this.sinceRow(iterator), sheetNo);
  }

  /** The entry's bytes, counted against the whole workbook's limit. */
  private counted(entry: ZipEntry): Readable {
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.unzipped += chunk.length;
        if (this.unzipped <= this.maxBytes) return done(null, chunk);
        const limit = `${Math.round((this.maxBytes / MB) * 10) / 10} MB`;
        done(refused(null, null, `the workbook's parts are over ${limit} uncompressed, this installation's limit (UPLOAD_MAX_WORKBOOK_BYTES): this is not a workbook this reader accepts`));
      },
    });
    entry.on('error', (error) => counter.destroy(error));
    return entry.pipe(counter);
  }

  private async *sinceRow(iterator: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const limit = this.maxBytes / SHARE_WITHOUT_CELLS;
    for await (const chunk of iterator) {
      this.bytesSinceRow += chunk.length;
      if (this.bytesSinceRow > limit) {
        const size = `${Math.round((limit / MB) * 10) / 10} MB`;
        throw refused(null, null, this.emptyRowsSinceRow > 0
          ? `the sheet holds over ${size} of rows without a cell: this is not a sheet this reader accepts`
          : `a row of the sheet holds over ${size} of cells: this is not a sheet this reader accepts`);
      }
      yield chunk;
    }
  }
}
const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;

/** Excel's number formats that show dates or times (ExcelJS's own test, for formulas' cached results). */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhs]/i.test(bare);
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** A date cell as a zone-less ISO timestamp (the sheet's wall-clock time): `2024-03-04` or `2024-03-04T13:45:00`. */
function dateText(d: Date): string {
  const iso = d.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

function csvField(text: string): string {
  // A NUL would read as binary data; a cell never needs one.
  const clean = text.includes('\u0000') ? text.split('\u0000').join('') : text;
  return /[",\r\n]/.test(clean) ? `"${clean.replace(/"/g, '""')}"` : clean;
}

/** Reads one sheet of a workbook as CSV text. */
export class XlsxSheetReader {
  /** Cells outside the table, which CSV text cannot carry: reported with the rows' own problems (see `merge`). */
  readonly problems: CsvProblem[] = [];
  /** The workbook's sheets in order, once its index is read (as they are met where it has none). */
  sheets: string[] = [];
  /** The sheet's column of each CSV column ("B"), once the header row is read. */
  private letters: string[] = [];
  private header: string[] = [];
  private readonly input: Readable;

  constructor(
    chunks: AsyncIterable<Uint8Array | string>,
    private readonly sheet?: string,
    private readonly maxBytes = DEFAULT_MAX_WORKBOOK_BYTES,
  ) {
    this.input = Readable.from(chunks, { objectMode: false }).pipe(new PassThrough());
  }

  /** The chosen sheet's rows as CSV lines at their sheet row numbers, in batches; throws CsvIngestError. */
  async *csv(): AsyncGenerator<string> {
    const reader = new BoundedWorkbookReader(this.input, this.maxBytes, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
    const internals = reader as unknown as ReaderInternals;
    const seen: string[] = [];
    try {
      for await (const worksheet of reader as AsyncIterable<unknown>) {
        const sheet = worksheet as SheetReader;
        seen.push(sheet.name);
        this.sheets = internals.model?.sheets?.map((s) => s.name) ?? seen;
        const wanted = this.sheet ?? internals.model?.sheets?.[0]?.name ?? sheet.name;
        if (sheet.name !== wanted) continue;
        yield* this.rows(sheet, reader, internals.properties?.date1904 ?? false);
        return;
      }
    } catch (error) {
      if (error instanceof CsvIngestError) throw error;
      if (error instanceof Error && error.message === ZIP_ENDED) {
        throw refused(null, null, 'the workbook ends before its last part does: the file was cut short (an upload or download that stopped early) or is damaged: send the whole file, or save it again as .xlsx or as CSV');
      }
      // A TypeError is ExcelJS meeting XML it does not expect (a cell without its `r`): its text would mean nothing here.
      if (error instanceof TypeError) {
        throw refused(null, null, 'the workbook cannot be read: a part of it is not as Excel writes it (such as cells without their position, the r attribute): save it again from Excel as .xlsx, or as CSV');
      }
      // The reader's own words (a zip or XML detail) tell the user nothing they can act on.
      throw refused(null, null, 'the workbook cannot be read: it is damaged or not laid out as Excel writes it: save it again as .xlsx, or as CSV');
    } finally {
      this.input.destroy();
    }
    if (seen.length === 0) throw refused(null, null, 'the zip archive holds no worksheet: it is not an Excel workbook');
    throw refused(null, null, `the workbook has no sheet named ${quote(this.sheet ?? '')}; its sheets are ${seen.map((s) => `"${s}"`).join(', ')}`);
  }

  private async *rows(sheet: SheetReader, reader: BoundedWorkbookReader, date1904: boolean): AsyncGenerator<string> {
    let batch = '';
    let lastRow = 0;
    let first = 0;
    let last = 0;
    for await (const row of sheet) {
      if (row.number > MAX_SHEET_ROWS) throw refused(row.number, null, `the sheet goes past Excel's last row (${MAX_SHEET_ROWS})`);
      const cells = new Map<number, string>();
      row.eachCell((cell, column) => {
        const text = this.cellText(cell, date1904);
        if (text !== '') cells.set(column, text);
      });
      if (cells.size === 0) {
        reader.emptyRowsSinceRow++;
        continue;
      }
      reader.bytesSinceRow = 0;
      reader.emptyRowsSinceRow = 0;
      const columns = [...cells.keys()];
      if (first === 0) {
        // The first row with cells is the header; its first and last cells bound the table.
        [first, last] = [Math.min(...columns), Math.max(...columns)];
        if (last > MAX_SHEET_COLUMNS) throw refused(row.number, columnLetters(last), 'the sheet goes past Excel’s last column');
        for (let c = first; c <= last; c++) {
          this.letters.push(columnLetters(c));
          this.header.push((cells.get(c) ?? '').trim());
        }
      } else {
        const outside = columns.find((c) => c < first || c > last);
        if (outside !== undefined && this.problems.length < MAX_PROBLEMS) {
          const range = `${this.letters[0]} to ${this.letters[this.letters.length - 1]}`;
          const message = `${quote(cells.get(outside) ?? '')} lies outside the header's columns (${range}): give its column a header, or clear it`;
          this.problems.push({ row: row.number, column: columnLetters(outside), message: where(row.number, columnLetters(outside)) + message });
        }
      }
      const fields: string[] = [];
      for (let c = first; c <= last; c++) fields.push(csvField(cells.get(c) ?? ''));
      batch += '\n'.repeat(row.number - lastRow - 1) + fields.join(',') + '\n';
      lastRow = row.number;
      if (batch.length >= BATCH_CHARS) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }

  private cellText(cell: ExcelJS.Cell, date1904: boolean): string {
    const value: CellValue = cell.value;
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return dateText(value);
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if ('error' in value) return value.error;
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
      // A formula: its cached result, a date when the cell shows one (ExcelJS converts only plain values).
      const result = (value as { result?: unknown }).result;
      if (typeof result === 'number' && result !== result) return ''; // an error result (#N/A…) ExcelJS read as a number
      if (typeof result === 'number') return isDateFormat(cell.numFmt) ? dateText(excelDate(result, date1904)) : String(result);
      if (result instanceof Date) return dateText(result);
      if (result && typeof result === 'object' && 'error' in result) return String((result as { error: unknown }).error);
      return result === undefined || result === null ? '' : String(result);
    }
    if ('text' in value) return typeof value.text === 'string' ? value.text : '';
    return '';
  }

  /** The rows' problems with the cells outside the table, in row order. */
  merge(problems: CsvProblem[]): CsvProblem[] {
    return [...this.relabel(problems), ...this.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }

  /** Problems and warnings with the sheet's column letter beside the header name: `Row 7, column B "sales": …`. */
  relabel(problems: CsvProblem[]): CsvProblem[] {
    return problems.map((p) => {
      const i = p.column === null ? -1 : this.header.indexOf(p.column);
      if (i < 0) return p;
      const before = where(p.row, p.column);
      if (!p.message.startsWith(before)) return p;
      const place = p.row === null ? `Column ${this.letters[i]} "${p.column}": ` : `Row ${p.row}, column ${this.letters[i]} "${p.column}": `;
      return { ...p, message: place + p.message.slice(before.length) };
    });
  }

  close(): void {
    this.input.destroy();
  }
}
