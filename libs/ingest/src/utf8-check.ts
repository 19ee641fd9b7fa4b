const LF = 10;
const CR = 13;

/**
 * Checks that a byte stream is UTF-8 as it arrives (chunks may split a character anywhere). A lenient decoder would
 * turn every invalid byte into U+FFFD, so distinct keys such as "\xff" and "\xfe" would merge into one series.
 */
export class Utf8Check {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Line ends seen in the chunks already checked (CR LF counts once). */
  private lineEnds = 0;
  private lastWasCr = false;
  /** The stream's last bytes so far (across chunks: one may be a single byte) that may start a character the next completes. */
  private tail: Uint8Array = new Uint8Array(0);

  /** The row (line) of the first invalid byte, or null while the bytes are UTF-8. */
  push(chunk: Uint8Array): number | null {
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      return this.located(chunk);
    }
    this.countLineEnds(chunk, chunk.length);
    this.tail = lastBytes(this.tail, chunk, 3);
    return null;
  }

  /** At the end of the input: a character cut short by the end is invalid too. */
  end(): number | null {
    try {
      this.decoder.decode();
    } catch {
      return this.lineEnds + 1;
    }
    return null;
  }

  /** Finds the first bad byte of `chunk` (only on failure, so a search by prefixes is cheap enough). */
  private located(chunk: Uint8Array): number {
    const start = pendingStart(this.tail);
    const bytes = new Uint8Array(this.tail.length - start + chunk.length);
    bytes.set(this.tail.subarray(start));
    bytes.set(chunk, this.tail.length - start);
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      if (decodes(bytes.subarray(0, mid))) good = mid;
      else bad = mid;
    }
    const offset = Math.max(0, bad - 1 - (this.tail.length - start));
    this.countLineEnds(chunk, offset);
    return this.lineEnds + 1;
  }

  private countLineEnds(chunk: Uint8Array, to: number): void {
    for (let i = 0; i < to; i++) {
      const c = chunk[i];
      if (c === CR) this.lineEnds++;
      else if (c === LF && !this.lastWasCr) this.lineEnds++;
      this.lastWasCr = c === CR;
    }
  }
}

/** The last `n` bytes of `before` followed by `chunk`. */
function lastBytes(before: Uint8Array, chunk: Uint8Array, n: number): Uint8Array {
  if (chunk.length >= n) return chunk.slice(chunk.length - n);
  const joined = new Uint8Array(before.length + chunk.length);
  joined.set(before);
  joined.set(chunk, before.length);
  return joined.slice(Math.max(0, joined.length - n));
}

/** Where, in the stream's last (up to 3) bytes, a character left unfinished starts (their length when none). */
function pendingStart(tail: Uint8Array): number {
  for (let i = tail.length - 1; i >= 0; i--) {
    const b = tail[i];
    if (b < 0x80) return tail.length;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return tail.length - i < size ? i : tail.length;
    }
  }
  return tail.length;
}

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** What a user reads about the row of the first invalid byte. */
export const NOT_UTF8_MESSAGE =
  'the file is not valid UTF-8 (the first invalid byte is on this line): save it as UTF-8 ("CSV UTF-8" in spreadsheet programs) and upload it again';
