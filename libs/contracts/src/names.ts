import { z } from 'zod';

/**
 * A name people give things (datasets, schedules, workspaces, keys): printable text without markup or path
 * characters, so it cannot smuggle a script into a page or a path into a file system.
 */
export function displayNameSchema(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((name) => !/[<>\\/]/.test(name) && !hasControlCharacter(name) && !name.startsWith('.'), {
      message: 'must not contain <, >, slashes or control characters, nor start with a dot',
    });
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
}
