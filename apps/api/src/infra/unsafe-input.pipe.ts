import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { validationException } from './validation-error';

/**
 * Refuses, naming where it is, what no path parameter, query parameter or JSON body may hold:
 * - a NUL character in any string or key: Postgres cannot store or compare text holding U+0000, so letting one
 *   through ends in a 500 from the database;
 * - a `__proto__` key: JavaScript reads it as the object's prototype, so a schema never sees it, and it would pass
 *   where any other key the schema does not know is refused; `constructor` and `prototype` likewise, which zod's
 *   strict objects take for keys of their shape (inherited from Object.prototype) and drop without a word.
 */
export class RefuseUnsafeInputPipe implements PipeTransform {
  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type === 'custom') return value;
    refuseUnsafeInput(value, data ? [data] : [], type);
    return value;
  }
}

/** Throws the 400 for either anywhere in `value` (also for JSON that arrives otherwise, e.g. a multipart field). */
export function refuseUnsafeInput(value: unknown, path: string[], fallback = 'body'): void {
  const found = unsafePath(value, path);
  if (!found) return;
  const why = found.fault === 'nul' ? 'contains a NUL character (\\u0000), which is not allowed' : 'is not a key the API accepts';
  throw validationException([{ path: found.path.length ? found.path : [fallback], message: why }]);
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Visit {
  value: unknown;
  key: string | undefined;
  parent: Visit | undefined;
}

/**
 * The path to the first string or key holding U+0000, or the first prototype key, or null. A loop, not recursion,
 * and each step points at its parent instead of copying its path: JSON may nest 40,000 deep.
 */
function unsafePath(root: unknown, rootPath: string[]): { path: string[]; fault: 'nul' | 'prototype' } | null {
  const pending: Visit[] = [{ value: root, key: undefined, parent: undefined }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'string' && value.includes('\0')) return { path: [...rootPath, ...keysTo(visit)], fault: 'nul' };
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, inner] of Object.entries(value).reverse()) {
      if (key.includes('\0')) return { path: [...rootPath, ...keysTo(visit), JSON.stringify(key)], fault: 'nul' };
      if (PROTOTYPE_KEYS.has(key)) return { path: [...rootPath, ...keysTo(visit), key], fault: 'prototype' };
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
