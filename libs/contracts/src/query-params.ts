import { z } from 'zod';

/**
 * The one way a route's query parameters are read: each given once, as text, in its one spelling. Express hands a
 * repeated parameter (`?limit=1&limit=2`) or a bracketed one (`?limit[]=1`) over as an array or object, and
 * `z.coerce` would read `0x10`, `1e3`, ` 5` or `[5]` as numbers; these refuse all of them, saying what is expected
 * (the API prefixes the parameter's name).
 */
const expecting = (expects: string) => (issue: { input?: unknown }) =>
  typeof issue.input === 'object' && issue.input !== null ? `must be given once, as ${expects}` : `must be ${expects}`;

/**
 * A route's query: its parameters and no others. A parameter it does not read is refused, naming it, rather than
 * ignored: `?datasetId[]=…` (Express keeps the brackets in the name) or a misspelt `?dataset=…` would otherwise
 * answer as if no filter had been given.
 */
export function queryObject<T extends z.ZodRawShape>(shape: T) {
  const reads = `of this route, which reads ${Object.keys(shape).join(', ')} (each once, as ?name=value)`;
  return z.strictObject(shape, {
    // Named first, as the API names a parameter at fault (the issue itself is the whole query's).
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${issue.keys.join(', ')}: ${issue.keys.length === 1 ? 'is not a query parameter' : 'are not query parameters'} ${reads}`
        : undefined,
  });
}

/** Text of at most `max` characters (and at least `min`). */
export function queryText({ expects, min = 0, max }: { expects: string; min?: number; max: number }) {
  const message = expecting(expects);
  return z.string({ error: message }).min(min, { error: message }).max(max, { error: message });
}

/** A whole number from `min` to `max`, written in decimal digits only. */
export function queryInt({ min, max }: { min: number; max: number }) {
  const message = expecting(`a whole number from ${min} to ${max}`);
  return z
    .string({ error: message })
    .regex(/^(0|[1-9][0-9]{0,15})$/, { error: message })
    .transform(Number)
    .pipe(z.number().min(min, { error: message }).max(max, { error: message }));
}

/** The id (UUID) of a record of the kind named by `what` ("a dataset"). */
export function queryId(what: string) {
  const message = expecting(`${what} id (UUID)`);
  return z.string({ error: message }).uuid({ error: message });
}

/** One of a few words. */
export function queryEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: expecting(`one of ${values.join(', ')}`) });
}

/** `true` or `false`; absent is false. */
export function queryFlag() {
  return queryEnum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true');
}
