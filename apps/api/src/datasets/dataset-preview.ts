import { HttpException, HttpStatus } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { PREVIEW_MAX_BYTES, PREVIEW_MAX_WORKBOOK_BYTES, type CsvPreview } from '@foretell/contracts';
import { fileKind, previewBytes } from '@foretell/ingest';
import { parseMapping } from './datasets.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A preview of the first part of a file (the raw CSV text as the body, at most PREVIEW_MAX_BYTES; the mapping as JSON
 * in the query): the same detection an upload runs, so the dashboard can show it and let the user correct it before
 * sending the whole file. An Excel workbook (told by its zip signature) is sent whole, up to
 * PREVIEW_MAX_WORKBOOK_BYTES, since a zip cannot be cut: its first rows are previewed. It parses; it never stores or
 * trains.
 */
export async function previewUpload(req: IncomingMessage, mappingJson: string | undefined, maxSeries: number): Promise<CsvPreview> {
  // A form or JSON body is not a file's bytes (and the JSON parser has already read a JSON one).
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (/^(application\/json|application\/x-www-form-urlencoded|multipart\/)/.test(type)) {
    throw new HttpException(
      { message: `A preview reads the file's bytes as the body, not ${type}: send text/csv, or a workbook as ${XLSX_TYPE}.`, problems: [] },
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  }
  const mapping = parseMapping(mappingJson) ?? undefined;
  const tooLarge = (workbook: boolean) =>
    new HttpException(
      {
        message: workbook
          ? `A preview reads Excel workbooks of at most ${PREVIEW_MAX_WORKBOOK_BYTES / 1024 / 1024} MB; upload a larger one directly, or save it as CSV.`
          : `A preview reads at most the first ${PREVIEW_MAX_BYTES / 1024} KB of a file; send only its first lines.`,
        problems: [],
      },
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  if (Number(req.headers['content-length'] ?? 0) > PREVIEW_MAX_WORKBOOK_BYTES) throw tooLarge(true);
  const chunks: Buffer[] = [];
  let bytes = 0;
  // Read to the end even past the limit: leaving the loop early would destroy the socket the answer goes out on.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes <= PREVIEW_MAX_WORKBOOK_BYTES) chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const workbook = fileKind(body) === 'xlsx';
  if (bytes > (workbook ? PREVIEW_MAX_WORKBOOK_BYTES : PREVIEW_MAX_BYTES)) throw tooLarge(workbook);
  return previewBytes(body, { mapping, maxSeries });
}
