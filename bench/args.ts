/**
 * The command line of every bench script, on `node:util` parseArgs: the script's own options plus `--smoke` (tiny
 * sizes, seconds, no R or Python references: what `npm test` runs through bench/smoke.ts, so a bench that breaks
 * breaks the build) and `--help` (prints the script's usage). Unknown options and stray arguments are refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON = {
  smoke: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const satisfies Options;

/** Parses `process.argv` with the script's options; `usage` is what --help and a refused argument print. */
export function benchArgs<const O extends Options>(usage: string, options: O) {
  type Config = { options: O & typeof COMMON; strict: true; allowPositionals: false };
  let parsed: ReturnType<typeof parseArgs<Config>>;
  try {
    parsed = parseArgs<Config>({ options: { ...options, ...COMMON }, strict: true, allowPositionals: false });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed.values;
}

/** A whole number from an option's text, refused with the option's name when it is not one (or below `min`). */
export function intArg(value: string | undefined, name: string, min = 0): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    console.error(`--${name} wants a whole number ≥ ${min}, got ${value}`);
    process.exit(2);
  }
  return number;
}

/** A comma-separated option as its items. */
export const listArg = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The header and first `rows` rows of a CSV, as a temporary file of the same name (smoke runs on real data, tiny). */
export function headOfCsv(file: string, rows: number): string {
  const lines = readFileSync(file, 'utf8').split('\n', rows + 1);
  const out = join(mkdtempSync(join(tmpdir(), 'bench-smoke-')), basename(file));
  writeFileSync(out, lines.join('\n') + '\n');
  return out;
}
