import { BadRequestException } from '@nestjs/common';
import { fileKindProblem } from '@foretell/ingest';

/** Bytes that tell a zip (an .xlsx) or an OLE2 file (.xls, encrypted .xlsx) from text. */
const SIGNATURE_BYTES = 8;

/**
 * The upload's chunks, refused with a 400 before anything is stored when its name and its first bytes disagree: a
 * workbook is read by its zip signature, never by its name alone, and a name that promises one must keep it.
 */
export async function* checkedFile(filename: string, chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const head: Buffer[] = [];
  let bytes = 0;
  let checked = false;
  for await (const chunk of chunks) {
    if (checked) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    bytes += chunk.length;
    if (bytes < SIGNATURE_BYTES) continue;
    checked = true;
    check(filename, Buffer.concat(head));
    yield* head;
  }
  if (!checked && bytes > 0) {
    check(filename, Buffer.concat(head));
    yield* head;
  }
}

function check(filename: string, head: Buffer): void {
  const problem = fileKindProblem(filename, head);
  if (problem) throw new BadRequestException({ message: `${problem}.`, problems: [] });
}
