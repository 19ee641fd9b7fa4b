/*
 * A streaming CSV tokenizer over bytes. Chunks may split anywhere (mid-line, mid-quote, mid-UTF-8 character): only
 * the unfinished last record of a chunk is carried over to the next one. Each record is handed to the callback as
 * field offsets into a byte buffer, valid only during the call, so scanning allocates nothing per row.
 *
 * RFC 4180 plus what spreadsheets write: quoted fields with "" escapes and embedded delimiters/newlines, LF, CRLF or
 * lone CR line ends, blank lines skipped.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Return false to stop scanning. */
export type RecordHandler = (
  buf: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  /** 1 where the field was quoted and contains "" escapes (the bytes still hold both quotes). */
  escaped: Uint8Array,
  count: number,
  /** 1-based line on which the record starts. */
  line: number,
) => boolean;

/**
 * Longest record (line, or lines joined by a quoted field) accepted, however the bytes are split into chunks: it
 * bounds the bytes carried over between chunks. Longer is a missing line end or an unbalanced quote.
 */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** The problem of a quote that opens a field and is never closed (the line is the scanner's `unclosedQuoteLine`). */
export const UNCLOSED_QUOTE = 'a double quote opens a field here but is never closed';

export class CsvScanner {
  /** Line the next record starts on. */
  line = 1;
  stopped = false;
  /** Set when the input ended inside a quoted field: the line where it opened. */
  unclosedQuoteLine: number | null = null;
  /** Set when a record is longer than MAX_RECORD_BYTES: the line where it starts, and whether a quote is in it. */
  overlong: { line: number; quoted: boolean } | null = null;
  private carry: Uint8Array | null = null;
  private skipLf = false;
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private escaped = new Uint8Array(16);

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: RecordHandler,
  ) {}

  /** Feeds one chunk; false once scanning has stopped. */
  push(chunk: Uint8Array): boolean {
    if (this.stopped) return false;
    if (this.skipLf && chunk.length > 0) {
      this.skipLf = false;
      if (chunk[0] === LF) chunk = chunk.subarray(1);
    }
    let buf = chunk;
    if (this.carry) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry);
      buf.set(chunk, this.carry.length);
      this.carry = null;
    }
    this.scan(buf, false);
    return !this.stopped;
  }

  /** Ends the input: the last record may lack a line end. */
  end(): void {
    if (this.stopped) return;
    const buf = this.carry ?? new Uint8Array(0);
    this.carry = null;
    this.scan(buf, true);
  }

  private scan(buf: Uint8Array, final: boolean): void {
    const n = buf.length;
    const delim = this.delimiter;
    let p = 0;
    while (p < n) {
      const recordStart = p;
      let count = 0;
      let newlines = 0;
      let complete = false;
      let lineEnded = false;
      for (;;) {
        if (count === this.starts.length) this.grow();
        if (p >= n) {
          // Record ends at the input's end, after a delimiter: one more (empty) field.
          if (!final) break;
          this.starts[count] = n;
          this.ends[count] = n;
          this.escaped[count++] = 0;
          complete = true;
          break;
        }
        if (buf[p] === QUOTE) {
          let q = p + 1;
          let escaped = 0;
          let close = -1;
          for (;;) {
            const i = buf.indexOf(QUOTE, q);
            if (i < 0) break;
            if (i + 1 < n && buf[i + 1] === QUOTE) {
              escaped = 1;
              q = i + 2;
              continue;
            }
            if (i + 1 >= n && !final) break; // the next chunk may start with the second quote of an escape
            close = i;
            break;
          }
          if (close < 0) {
            if (final) this.unclosedQuoteLine = this.line;
            break;
          }
          for (let i = p + 1; i < close; i++) if (buf[i] === LF) newlines++;
          this.starts[count] = p + 1;
          this.ends[count] = close;
          this.escaped[count++] = escaped;
          p = close + 1;
          // Tolerate stray characters between the closing quote and the delimiter (e.g. spaces).
          while (p < n) {
            const c = buf[p];
            if (c === delim || c === LF || c === CR) break;
            p++;
          }
        } else {
          const s = p;
          while (p < n) {
            const c = buf[p];
            if (c === delim || c === LF || c === CR) break;
            p++;
          }
          this.starts[count] = s;
          this.ends[count] = p;
          this.escaped[count++] = 0;
        }
        if (p >= n) {
          if (final) complete = true;
          break;
        }
        const c = buf[p++];
        if (c === delim) continue;
        if (c === CR) {
          if (p < n) {
            if (buf[p] === LF) p++;
          } else if (!final) this.skipLf = true;
        }
        complete = true;
        lineEnded = true;
        break;
      }
      if (!complete) {
        if (this.unclosedQuoteLine !== null) {
          this.stopped = true;
          return;
        }
        if (n - recordStart > MAX_RECORD_BYTES) return this.stopOverlong(buf, recordStart);
        this.carry = buf.slice(recordStart);
        return;
      }
      // Complete records are held to the same limit, so the outcome never depends on where the chunks were cut.
      if (p - recordStart > MAX_RECORD_BYTES) return this.stopOverlong(buf, recordStart);
      const line = this.line;
      this.line += newlines + (lineEnded ? 1 : 0);
      const blank = count === 1 && this.starts[0] === this.ends[0] && buf[recordStart] !== QUOTE;
      if (!blank && !this.onRecord(buf, this.starts, this.ends, this.escaped, count, line)) {
        this.stopped = true;
        return;
      }
    }
  }

  private stopOverlong(buf: Uint8Array, recordStart: number): void {
    const quoted = buf.subarray(recordStart, recordStart + MAX_RECORD_BYTES).indexOf(QUOTE) >= 0;
    this.overlong = { line: this.line, quoted };
    this.stopped = true;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const escaped = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }
}

const utf8 = new TextDecoder('utf-8');

/** The text of one field: UTF-8 decoded, "" escapes undone. */
export function fieldText(buf: Uint8Array, start: number, end: number, escaped: number): string {
  const text = utf8.decode(buf.subarray(start, end));
  return escaped ? text.replace(/""/g, '"') : text;
}
