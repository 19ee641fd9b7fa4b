import busboy from 'busboy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpException, HttpStatus, BadRequestException } from '@nestjs/common';

/** A text field's limit: a mapping is a few hundred bytes. */
const FIELD_MAX_BYTES = 64 * 1024;
/** Text fields a form may hold (two are read). */
const MAX_FIELDS = 10;
/** What a form may hold besides its file: the fields at their limit, and room for the parts' headers and boundaries. */
const FORM_OVERHEAD_BYTES = MAX_FIELDS * FIELD_MAX_BYTES + 64 * 1024;

/** How much an upload may hold (UPLOAD_MAX_BYTES) and how long its client may send nothing (UPLOAD_STALL_MS). */
export interface UploadLimits {
  maxBytes: number;
  stallMs: number;
}

/** Fields that may precede the file in the form. */
export interface UploadFields {
  name?: string;
  mapping?: string;
}

/**
 * Reads a multipart upload and hands the CSV to `consume` as a stream of chunks, with backpressure: nothing is
 * buffered whole. Text fields must come before the file part (browsers send them in form order): the file's chunks
 * end only with the body, and fail on a name or mapping field after the file, or a second file, so nothing is kept.
 *
 * A body that is malformed, ends early or is cut off by the client fails the file's chunks and answers 400, but only
 * after `consume` has settled, so whatever it stored has been cleaned up before the answer goes out. So does a client
 * that sends nothing for `stallMs` (408). A declared length no form within `maxBytes` can reach is a 413 at once.
 */
export function readMultipartUpload<T>(
  req: IncomingMessage,
  { maxBytes, stallMs }: UploadLimits,
  consume: (file: { filename: string; fields: UploadFields; chunks: AsyncIterable<Buffer>; truncated: () => boolean }) => Promise<T>,
  /** For a route that takes no fields: the 400's message for a name or mapping field. */
  fieldsRefused?: string,
): Promise<T> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) {
    return Promise.reject(
      new BadRequestException('Upload the CSV as multipart/form-data with the file in a field named "file".'),
    );
  }
  if (Number(req.headers['content-length']) > maxBytes + FORM_OVERHEAD_BYTES) {
    closeAfterAnswer(req);
    return Promise.reject(new PayloadTooLargeError(maxBytes));
  }
  let stopWatching: (() => void) | undefined;
  return new Promise<T>((resolve, reject) => {
    const fields: UploadFields = {};
    let consuming: Promise<unknown> | undefined;
    let failure: HttpException | undefined;
    let bodyRead: () => void;
    const bodyEnd = new Promise<void>((done) => (bodyRead = done));
    let parser: busboy.Busboy;
    try {
      // preservePath: a file name with directories reaches the name check and is refused, not silently cut.
      parser = busboy({ headers: req.headers, preservePath: true, limits: { files: 1, fields: MAX_FIELDS, fieldSize: FIELD_MAX_BYTES, fileSize: maxBytes } });
    } catch (error) {
      reject(new BadRequestException(`Malformed multipart request: ${(error as Error).message}`));
      return;
    }
    // The first failure names the request's fault; the file's chunks end with it, and the answer waits for `consume`.
    const fail = (error: Error) => {
      failure ??= error instanceof HttpException ? error : malformed(error);
      if (!consuming) reject(failure);
    };
    parser.on('field', (name, value, info) => {
      if (name !== 'name' && name !== 'mapping') return;
      if (fieldsRefused) return fail(new BadRequestException({ message: fieldsRefused, problems: [] }));
      // Read after the file has started, it would come too late to be used: refused rather than silently ignored.
      if (consuming) return fail(new BadRequestException({ message: `The "${name}" field came after the file: send name and mapping before file.`, problems: [] }));
      // Cut at the limit, the value would read as something else (a mapping as "not valid JSON").
      if (info.valueTruncated) {
        const limit = `${FIELD_MAX_BYTES / 1024} KB`;
        fail(new BadRequestException({ message: `The "${name}" field is over ${limit}, the limit of a form field: send a shorter ${name}.`, problems: [] }));
      } else fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      // Listened to at once: busboy fails the stream as soon as the body ends early, long before `consume` reads it
      // (reading a failed stream then throws its error). An AbortError is `consume` itself stopping early (a file it
      // refused), whose own error is the answer.
      stream.on('error', (error) => {
        if (error.name !== 'AbortError') fail(error);
      });
      if (field !== 'file' || consuming || failure) {
        stream.resume();
        return;
      }
      let truncated = false;
      stream.on('limit', () => {
        truncated = true;
      });
      // The file is whole only once the body has ended with no part that refuses it.
      const chunks = (async function* () {
        yield* stream;
        await bodyEnd;
        if (failure) throw failure;
      })();
      consuming = consume({ filename: info.filename ?? 'upload.csv', fields, chunks, truncated: () => truncated }).then(
        (value) => (failure ? reject(failure) : resolve(value)),
        (error: unknown) => {
          reject(failure ?? error);
          // The rest of the body is read and dropped: a file stream `consume` stopped (destroyed) holds busboy, and a
          // body left unread makes the server reset the connection after the answer, which the client may reuse.
          req.unpipe(parser);
          req.resume();
        },
      );
    });
    // busboy drops parts past its limits without a word: a second file, or a mapping after many other fields, would be lost.
    parser.on('filesLimit', () => fail(new BadRequestException({ message: 'The upload has more than one file: send one file, in a field named "file".', problems: [] })));
    parser.on('fieldsLimit', () => fail(new BadRequestException({ message: `The form has more than ${MAX_FIELDS} fields: send only name, mapping and file.`, problems: [] })));
    parser.on('error', (error: Error) => {
      fail(error);
      bodyRead();
    });
    parser.on('close', () => {
      bodyRead();
      if (!consuming) reject(new BadRequestException('No file in the upload: send the CSV in a form field named "file".'));
    });
    // A client that hangs up mid-body never ends the form: end it here, so the file's chunks fail instead of waiting.
    req.on('close', () => {
      if (!req.complete) parser.destroy(new Error('the connection closed before the body was complete'));
    });
    req.pipe(parser);
    // A client that sends nothing for stallMs is answered 408, and the connection closes after the answer.
    stopWatching = watchForStall(req, stallMs, () => {
      closeAfterAnswer(req);
      const stalled = new UploadStalledError(stallMs);
      fail(stalled);
      parser.destroy(stalled);
    });
  }).finally(() => stopWatching?.());
}

/**
 * Calls `onStall` once the client has sent nothing for `ms` while this side reads (a body paused by this side, its
 * file stored more slowly than it arrives, is not the client's silence). Returns what stops watching: once the answer
 * is decided, the rest of a body still being drained is no longer watched.
 */
function watchForStall(req: IncomingMessage, ms: number, onStall: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => (req.readableFlowing === false ? arm() : onStall()), ms);
  };
  req.on('data', arm);
  arm();
  return () => {
    clearTimeout(timer);
    req.off('data', arm);
  };
}

/**
 * For an answer sent before the body is read to its end: the connection closes after it, so the server does not read
 * (and wait for) the rest of a body it has refused.
 */
function closeAfterAnswer(req: IncomingMessage): void {
  (req as IncomingMessage & { res?: ServerResponse }).res?.setHeader('Connection', 'close');
}

function malformed(error: Error): BadRequestException {
  const cutShort = /unexpected end|closed before/i.test(error.message);
  return new BadRequestException({
    message: cutShort
      ? `The upload ended before the file was complete (${error.message}): send the whole file again.`
      : `Malformed multipart request (${error.message}): send the CSV as multipart/form-data with the file in a field named "file".`,
    problems: [],
  });
}

export class UploadStalledError extends HttpException {
  constructor(stallMs: number) {
    super({ message: `The upload stalled: no data arrived for ${Math.round(stallMs / 1000)} s. Send the file again.`, problems: [] }, HttpStatus.REQUEST_TIMEOUT);
  }
}

export class PayloadTooLargeError extends HttpException {
  constructor(maxBytes: number) {
    super(
      { message: `The file is larger than the upload limit of ${Math.round(maxBytes / 1024 / 1024)} MB.` },
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  }
}
