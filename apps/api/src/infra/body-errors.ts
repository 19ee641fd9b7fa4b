import { BadRequestException, HttpException, HttpStatus, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * A body parser whose errors name the request's fault in the API's words: a parser's or a decompressor's own text
 * ("Unexpected token 'd'…", "incorrect header check") means nothing to a caller.
 */
export function withPlainErrors(parser: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => parser(req, res, (error?: unknown) => next(error === undefined ? undefined : plainError(req, error)));
}

function plainError(req: Request, error: unknown): unknown {
  const { type, code, body } = error as { type?: string; code?: string; body?: unknown };
  if (type === 'entity.parse.failed' && typeof body === 'string') {
    if (isJson(body)) return new BadRequestException('The request body must be a JSON object or array.');
    return new BadRequestException(`The request body is not valid JSON (position ${jsonErrorPosition(body)}).`);
  }
  // zlib's codes: a body that does not decompress as its content-encoding says.
  if (code?.startsWith('Z_')) return new BadRequestException(`The body is not valid ${req.headers['content-encoding']}.`);
  return error;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const SPACE = /[ \t\n\r]*/y;
// eslint-disable-next-line no-control-regex -- a JSON string may not hold a raw control character
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/**
 * The offset where `text` stops being JSON (its length when it ends too soon): V8's messages give it for some faults
 * only. A loop with a stack of closers, not recursion: a body may nest 40,000 deep.
 */
export function jsonErrorPosition(text: string): number {
  let i = 0;
  const closers: string[] = [];
  const skip = () => {
    SPACE.lastIndex = i;
    SPACE.test(text);
    i = SPACE.lastIndex;
  };
  const match = (pattern: RegExp) => {
    pattern.lastIndex = i;
    if (!pattern.test(text)) return false;
    i = pattern.lastIndex;
    return true;
  };
  let expect: 'value' | 'key' | 'after' = 'value';
  let opened = false;
  for (;;) {
    skip();
    const c = text[i];
    if (expect === 'after') {
      const closer = closers.at(-1);
      if (closer === undefined || (c !== ',' && c !== closer)) return i;
      i++;
      if (c === closer) closers.pop();
      else expect = closer === '}' ? 'key' : 'value';
      continue;
    }
    if (opened && c === closers.at(-1)) {
      i++;
      closers.pop();
      opened = false;
      expect = 'after';
      continue;
    }
    opened = false;
    if (expect === 'key') {
      if (!match(STRING)) return c === '"' ? stringFault(text, i) : i;
      skip();
      if (text[i] !== ':') return i;
      i++;
      expect = 'value';
    } else if (c === '{' || c === '[') {
      i++;
      closers.push(c === '{' ? '}' : ']');
      opened = true;
      expect = c === '{' ? 'key' : 'value';
    } else if (match(STRING) || match(NUMBER) || match(LITERAL)) {
      expect = 'after';
    } else return c === '"' ? stringFault(text, i) : i;
  }
}

/** Where the string opened at `start` goes wrong: a raw control character, a bad escape, or the end of the text. */
function stringFault(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) return i;
    if (text[i] !== '\\') continue;
    const escape = text[i + 1];
    if (escape === 'u') {
      const hex = text.slice(i + 2, i + 6);
      const notHex = hex.search(/[^0-9a-fA-F]/);
      const digits = notHex < 0 ? hex.length : notHex;
      if (digits < 4) return i + 2 + digits;
      i += 5;
    } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i++;
    else return i + 1;
  }
  return text.length;
}

/**
 * A route that reads a JSON body and got none: the body was sent as another type (text/plain, none), which no parser
 * reads. Answered 415 naming the type, where validation would say "expected object, received undefined".
 */
export class JsonBodyPipe implements PipeTransform {
  transform(value: unknown, { type }: ArgumentMetadata): unknown {
    if (type === 'body' && value === undefined) {
      throw new HttpException({ message: 'Send the request body as JSON, with the header Content-Type: application/json.' }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    return value;
  }
}
