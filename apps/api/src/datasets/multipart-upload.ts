import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { HttpException, HttpStatus, BadRequestException } from '@nestjs/common';

/** Fields that may precede the file in the form. */
export interface UploadFields {
  name?: string;
  mapping?: string;
}

/**
 * Reads a multipart upload and hands the CSV to `consume` as a stream of chunks, with backpressure: nothing is
 * buffered whole. Text fields must come before the file part (browsers send them in form order).
 */
export function readMultipartUpload<T>(
  req: IncomingMessage,
  maxBytes: number,
  consume: (file: { filename: string; fields: UploadFields; chunks: AsyncIterable<Buffer>; truncated: () => boolean }) => Promise<T>,
): Promise<T> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) {
    return Promise.reject(
      new BadRequestException('Upload the CSV as multipart/form-data with the file in a field named "file".'),
    );
  }
  return new Promise<T>((resolve, reject) => {
    const fields: UploadFields = {};
    let handled = false;
    let parser: busboy.Busboy;
    try {
      // preservePath: a file name with directories reaches the name check and is refused, not silently cut.
      parser = busboy({ headers: req.headers, preservePath: true, limits: { files: 1, fields: 10, fieldSize: 64 * 1024, fileSize: maxBytes } });
    } catch (error) {
      reject(new BadRequestException(`Malformed multipart request: ${(error as Error).message}`));
      return;
    }
    parser.on('field', (name, value) => {
      if (name === 'name' || name === 'mapping') fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || handled) {
        stream.resume();
        return;
      }
      handled = true;
      let truncated = false;
      stream.on('limit', () => {
        truncated = true;
      });
      consume({ filename: info.filename ?? 'upload.csv', fields, chunks: stream, truncated: () => truncated }).then(
        resolve,
        (error: unknown) => {
          stream.resume();
          reject(error);
        },
      );
    });
    parser.on('error', (error: Error) => reject(new BadRequestException(`Malformed multipart request: ${error.message}`)));
    parser.on('close', () => {
      if (!handled) reject(new BadRequestException('No file in the upload: send the CSV in a form field named "file".'));
    });
    req.pipe(parser);
  });
}

export class PayloadTooLargeError extends HttpException {
  constructor(maxBytes: number) {
    super(
      { message: `The file is larger than the upload limit of ${Math.round(maxBytes / 1024 / 1024)} MB.` },
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  }
}
