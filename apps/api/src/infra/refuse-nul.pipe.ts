import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/**
 * Refuses a NUL character in any path parameter, query parameter or JSON string (keys included), naming where it is:
 * Postgres cannot store or compare text holding U+0000, so letting one through ends in a 500 from the database.
 */
export class RefuseNulPipe implements PipeTransform {
  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type === 'custom') return value;
    const where = nulPath(value, data ? [data] : []);
    if (where) throw new BadRequestException(`Invalid request: ${where.join('.') || type}: contains a NUL character (\\u0000), which is not allowed.`);
    return value;
  }
}

/** The path to the first string or key holding U+0000, or null. */
function nulPath(value: unknown, path: string[]): string[] | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\0')) return [...path, JSON.stringify(key)];
    const found = nulPath(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}
