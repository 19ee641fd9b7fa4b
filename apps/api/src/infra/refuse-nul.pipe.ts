import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/**
 * Refuses a NUL character in any path parameter, query parameter or JSON string (keys included), naming where it is:
 * Postgres cannot store or compare text holding U+0000, so letting one through ends in a 500 from the database.
 */
export class RefuseNulPipe implements PipeTransform {
  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type === 'custom') return value;
    refuseNul(value, data ? [data] : [], type);
    return value;
  }
}

/** Throws the 400 for a NUL anywhere in `value` (also for JSON that arrives otherwise, e.g. a multipart field). */
export function refuseNul(value: unknown, path: string[], fallback = 'body'): void {
  const where = nulPath(value, path);
  if (where) throw new BadRequestException(`Invalid request: ${where.join('.') || fallback}: contains a NUL character (\\u0000), which is not allowed.`);
}

interface Visit {
  value: unknown;
  key: string | undefined;
  parent: Visit | undefined;
}

/**
 * The path to the first string or key holding U+0000, or null. A loop, not recursion, and each step points at its
 * parent instead of copying its path: JSON may nest 40,000 deep.
 */
function nulPath(root: unknown, rootPath: string[]): string[] | null {
  const pending: Visit[] = [{ value: root, key: undefined, parent: undefined }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string' && value.includes('\0')) return [...rootPath, ...keysTo(visit)];
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, inner] of Object.entries(value).reverse()) {
      if (key.includes('\0')) return [...rootPath, ...keysTo(visit), JSON.stringify(key)];
      pending.push({ value: inner, key, parent: visit });
    }
  }
  return null;
}

function keysTo(visit: Visit | undefined): string[] {
  const keys: string[] = [];
  for (let at = visit; at?.key !== undefined; at = at.parent) keys.unshift(at.key);
  return keys;
}
