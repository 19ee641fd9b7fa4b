import { HttpException, HttpStatus } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { PREVIEW_MAX_BYTES, type CsvPreview } from '@foretell/contracts';
import { previewCsv } from '@foretell/ingest';
import { parseMapping } from './datasets.service';

/**
 * A preview of the first part of a file (the raw CSV text as the body, at most PREVIEW_MAX_BYTES; the mapping as JSON
 * in the query): the same detection an upload runs, so the dashboard can show it and let the user correct it before
 * sending the whole file. It parses; it never stores or trains.
 */
export async function previewUpload(req: IncomingMessage, mappingJson: string | undefined): Promise<CsvPreview> {
  const mapping = parseMapping(mappingJson) ?? undefined;
  const tooLarge = () =>
    new HttpException(
      { message: `A preview reads at most the first ${PREVIEW_MAX_BYTES / 1024} KB of a file; send only its first lines.`, problems: [] },
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  if (Number(req.headers['content-length'] ?? 0) > PREVIEW_MAX_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let bytes = 0;
  // Read to the end even past the limit: leaving the loop early would destroy the socket the answer goes out on.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes <= PREVIEW_MAX_BYTES) chunks.push(chunk);
  }
  if (bytes > PREVIEW_MAX_BYTES) throw tooLarge();
  return previewCsv(Buffer.concat(chunks).toString('utf8'), { mapping });
}
