import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { API_ROUTES } from './api-routes';

/** Every query parameter of the route table, with the schema that reads it. */
const PARAMS = Object.entries(API_ROUTES).flatMap(([route, spec]) =>
  Object.entries((spec as { query?: z.ZodObject }).query?.shape ?? {}).map(([name, schema]) => ({ route, name, schema: schema as z.ZodType })),
);
/** Every route's whole query schema. */
const QUERIES = Object.entries(API_ROUTES).flatMap(([route, spec]) => {
  const query = (spec as { query?: z.ZodObject }).query;
  return query ? [{ route, query, reads: Object.keys(query.shape) }] : [];
});
/** Those that read a whole number (`?limit=5` parses to 5). */
const NUMERIC = PARAMS.filter(({ schema }) => typeof schema.safeParse('5').data === 'number');

/** Express hands a repeated (`?a=1&a=2`), bracketed (`?a[]=1`) or nested (`?a[b]=1`) parameter over as an array or object. */
const notOneValue = fc.oneof(
  fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.string({ maxLength: 4 }), { minKeys: 1, maxKeys: 2 }),
);
/** Numbers `Number()` reads but that are not plain decimal digits. */
const looseNumber = fc.oneof(
  fc.nat(10_000).map((n) => `0x${n.toString(16)}`),
  fc.nat(10_000).map((n) => `0o${n.toString(8)}`),
  fc.nat(10_000).map((n) => `0b${n.toString(2)}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.nat(3)).map(([m, e]) => `${m}e${e}`),
  fc.tuple(fc.constantFrom(' ', '\t', '\n', '+', '0', '00'), fc.integer({ min: 1, max: 400 })).map(([pad, n]) => `${pad}${n}`),
  fc.integer({ min: 1, max: 400 }).map((n) => `${n} `),
  fc.integer({ min: 1, max: 400 }).map((n) => `${n}.0`),
  fc.constantFrom('', ' ', 'Infinity', 'NaN', '-0', '1_000', '١٢'),
);

function refusal(schema: z.ZodType, name: string, value: unknown) {
  const parsed = schema.safeParse(value);
  // As the API reports it: the parameter's name, then what it expects.
  return parsed.success ? null : `${name}: ${parsed.error.issues[0]!.message}`;
}

describe('query parameters', () => {
  it('are read by the route table (the property below covers them all)', () => {
    expect(PARAMS.map((p) => `${p.route}?${p.name}`)).toEqual(expect.arrayContaining(['listSeries?limit', 'liveAccuracy?offset', 'listModels?champion', 'runForecasts?seriesId']));
    expect(NUMERIC.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'offset']));
  });

  it('refuse a parameter given more than once or as an array or object, naming it and what it expects', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PARAMS), notOneValue, ({ schema, name }, value) => {
        expect(refusal(schema, name, value)).toMatch(new RegExp(`^${name}: must be given once, as .+`));
      }),
    );
  });

  it('refuse a parameter the route does not read, a bracketed spelling of one it reads included, naming it', () => {
    const unknownName = ({ reads }: { reads: string[] }) =>
      fc.oneof(fc.constantFrom(...reads.map((name) => `${name}[]`)), fc.string({ minLength: 1, maxLength: 8 }).filter((name) => !reads.includes(name)));
    fc.assert(
      fc.property(
        fc.constantFrom(...QUERIES).chain((route) => fc.tuple(fc.constant(route), unknownName(route))),
        ([{ query, reads }, name]) => {
          // Beside a required parameter's own issue, where the route has one.
          const parsed = query.safeParse({ [name]: '1' });
          expect(parsed.error?.issues.map((i) => i.message)).toContain(
            `${name}: is not a query parameter of this route, which reads ${reads.join(', ')} (each once, as ?name=value)`,
          );
        },
      ),
    );
  });

  it('refuse whole numbers not written in plain decimal digits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NUMERIC), looseNumber, ({ schema, name }, value) => {
        expect(refusal(schema, name, value)).toMatch(new RegExp(`^${name}: must be a whole number from \\d+ to \\d+$`));
      }),
    );
  });

  it('read plain decimal digits in range as the number they write', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NUMERIC), fc.integer({ min: 1, max: 500 }), ({ schema }, n) => {
        expect(schema.parse(String(n))).toBe(n);
      }),
    );
  });
});
