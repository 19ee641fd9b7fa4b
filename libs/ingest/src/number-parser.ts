/*
 * Numbers are parsed from the file's bytes. Digits are accumulated into an integer mantissa and scaled by an exact
 * power of ten (Clinger's fast path: correctly rounded while the mantissa stays below 2^53 and the exponent within
 * ±22); anything longer falls back to Number() on the validated text, so results always equal Number(text).
 */

export const NUMBER_OK = 0;
export const NUMBER_MISSING = 1;
export const NUMBER_INVALID = 2;
/** A well-formed number beyond ±Number.MAX_VALUE: it would be stored as ±Infinity. */
export const NUMBER_TOO_LARGE = 3;

/** Outcome of the last `parseNumberBytes` call (kept here so the hot loop returns a bare number, allocating nothing). */
export const numberState = { status: NUMBER_OK };

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;
const latin1 = new TextDecoder('latin1');

/** Lower-cased spellings of a missing value (besides an empty cell). */
export const MISSING_TOKENS = ['na', 'n/a', '#n/a', 'nan', 'null', 'none'];

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * The number in `b[start, end)`. Sets `numberState.status`: NUMBER_MISSING (NaN returned) for an empty or NA-like cell,
 * NUMBER_INVALID (NaN returned) for anything else that is not a plain decimal number, NUMBER_TOO_LARGE (±Infinity
 * returned) for one beyond the range of a double. With `decimalComma` a single
 * ',' may stand for the decimal point (files delimited by ';' or tabs from European spreadsheets).
 */
export function parseNumberBytes(b: Uint8Array, start: number, end: number, decimalComma: boolean): number {
  while (start < end && isSpace(b[start])) start++;
  while (end > start && isSpace(b[end - 1])) end--;
  if (start === end) {
    numberState.status = NUMBER_MISSING;
    return NaN;
  }
  let p = start;
  let negative = false;
  if (b[p] === 45 || b[p] === 43) {
    negative = b[p] === 45;
    p++;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let sawPoint = false;
  let usedComma = false;
  for (; p < end; p++) {
    const c = b[p];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (sawPoint) exponent--;
    } else if ((c === 46 || (c === 44 && decimalComma)) && !sawPoint) {
      sawPoint = true;
      usedComma = c === 44;
    } else break;
  }
  if (digits === 0) return notANumber(b, start, end);
  if (p < end && (b[p] === 101 || b[p] === 69)) {
    p++;
    let expNegative = false;
    if (p < end && (b[p] === 45 || b[p] === 43)) expNegative = b[p++] === 45;
    const expStart = p;
    let e = 0;
    // Saturating: any exponent past 100,000 already over- or underflows, and the text goes to Number() below.
    while (p < end && b[p] >= 48 && b[p] <= 57) e = Math.min(e * 10 + (b[p++] - 48), 100_000);
    if (p === expStart) return notANumber(b, start, end);
    exponent += expNegative ? -e : e;
  }
  if (p !== end) return notANumber(b, start, end);
  numberState.status = NUMBER_OK;
  if (mantissa <= MAX_EXACT && exponent >= -22 && exponent <= 22) {
    const value = exponent < 0 ? mantissa / POW10[-exponent] : mantissa * POW10[exponent];
    return negative ? -value : value;
  }
  const text = latin1.decode(b.subarray(start, end));
  const value = Number(usedComma ? text.replace(',', '.') : text);
  if (!Number.isFinite(value)) numberState.status = NUMBER_TOO_LARGE;
  return value;
}

function notANumber(b: Uint8Array, start: number, end: number): number {
  numberState.status = isMissingToken(b, start, end) ? NUMBER_MISSING : NUMBER_INVALID;
  return NaN;
}

function isMissingToken(b: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length > 4) return false;
  outer: for (const token of MISSING_TOKENS) {
    if (token.length !== length) continue;
    for (let i = 0; i < length; i++) {
      const c = b[start + i];
      const lower = c >= 65 && c <= 90 ? c + 32 : c;
      if (lower !== token.charCodeAt(i)) continue outer;
    }
    return true;
  }
  return false;
}

const encoder = new TextEncoder();

/** String form of the byte parser, for sampling and tests: the number, or null when missing, not a number or too large. */
export function parseNumber(text: string, decimalComma = false): number | null {
  const bytes = encoder.encode(text);
  const value = parseNumberBytes(bytes, 0, bytes.length, decimalComma);
  return numberState.status === NUMBER_OK ? value : null;
}

/** Written as a number, even one too large to store (so layout detection still sees the column as numeric). */
export function isNumberText(text: string, decimalComma = false): boolean {
  return parseNumber(text, decimalComma) !== null || numberState.status === NUMBER_TOO_LARGE;
}

export function isMissingText(text: string): boolean {
  const t = text.trim().toLowerCase();
  return t === '' || MISSING_TOKENS.includes(t);
}
