import { PREVIEW_MAX_BYTES, type CsvPreview, type CsvProblem } from '@foretell/contracts';
import { previewCsv, type PreviewOptions } from './csv-preview';
import { CsvIngestError, where } from './problems';
import { NOT_UTF8_MESSAGE, Utf8Check } from './utf8-check';
import { fileKind, OLE2_MESSAGE, XlsxSheetReader } from './xlsx-reader';

/** A preview that could not read any row: only its problems. */
function refusedPreview(problems: CsvProblem[]): CsvPreview {
  return { delimiter: ',', header: [], columns: null, timestampFormat: null, dateOrder: null, frequency: null, seriesCount: null, rowCount: 0, rows: [], aggregation: null, sheets: null, problems, warnings: [] };
}

/**
 * The preview of a file's bytes as the API receives them: CSV text (its first part), or a whole Excel workbook whose
 * chosen sheet's first rows (as much CSV text as a text preview reads) go through the same preview.
 */
export async function previewBytes(bytes: Uint8Array, options: PreviewOptions = {}): Promise<CsvPreview> {
  const kind = fileKind(bytes);
  if (kind === 'text') {
    // The preview may be cut inside a character: only bytes that can never be UTF-8 are refused.
    const badRow = new Utf8Check().push(bytes);
    if (badRow !== null) return refusedPreview([{ row: badRow, column: null, message: where(badRow, null) + NOT_UTF8_MESSAGE }]);
    return previewCsv(Buffer.from(bytes).toString('utf8'), options);
  }
  if (kind === 'ole2') return refusedPreview([{ row: null, column: null, message: OLE2_MESSAGE }]);
  const sheet = new XlsxSheetReader(
    (async function* () {
      yield bytes;
    })(),
    options.mapping?.sheet,
  );
  let text = '';
  try {
    for await (const batch of sheet.csv()) {
      text += batch;
      if (text.length >= PREVIEW_MAX_BYTES) break;
    }
  } catch (error) {
    if (!(error instanceof CsvIngestError)) throw error;
    return refusedPreview(error.problems);
  } finally {
    sheet.close();
  }
  const preview = await previewCsv(text, options);
  const { sheets } = sheet;
  const read = options.mapping?.sheet ?? sheets[0];
  const others = sheets.filter((name) => name !== read);
  // No table on this sheet: it may well be on another (notes or a cover sheet often come first).
  const elsewhere = (p: CsvProblem) =>
    preview.columns === null && others.length && p.row === null
      ? { ...p, message: `${p.message} on the sheet "${read}"; the workbook's other sheets: ${others.map((name) => `"${name}"`).join(', ')}: choose the sheet to read` }
      : p;
  return { ...preview, sheets, problems: sheet.merge(preview.problems).map(elsewhere), warnings: sheet.relabel(preview.warnings) };
}
