import type { CsvProblem } from '@foretell/contracts';

/** Problems the user must fix before the file can be used; `problems` lists them with row and column. */
export class CsvIngestError extends Error {
  readonly problems: CsvProblem[];

  constructor(problems: CsvProblem[], file: 'CSV file' | 'workbook' = 'CSV file') {
    const shown = problems.slice(0, 3).map((p) => p.message);
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    super(`The ${file} cannot be used: ${shown.join('; ')}${more}`);
    this.name = 'CsvIngestError';
    this.problems = problems;
  }
}

/** Where a message is about: `Row 17, column "Passengers": `. */
export function where(row: number | null, column: string | null): string {
  if (row !== null && column !== null) return `Row ${row}, column "${column}": `;
  if (row !== null) return `Row ${row}: `;
  if (column !== null) return `Column "${column}": `;
  return '';
}

/** Shortens a cell for quoting in a message. */
export function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `"${short}"`;
}

/** Collects up to `max` entries; `full` tells the scanner to stop early. */
export class ProblemList {
  readonly items: CsvProblem[] = [];
  /** Entries past `max` that were counted but not kept. */
  dropped = 0;

  constructor(readonly max: number) {}

  get full(): boolean {
    return this.items.length >= this.max;
  }

  /** `message` is the part after the location prefix. Returns true while there is room for more. */
  add(row: number | null, column: string | null, message: string): boolean {
    if (this.full) {
      this.dropped++;
      return false;
    }
    this.items.push({ row, column, message: where(row, column) + message });
    return !this.full;
  }
}

/** How a user gets past UPLOAD_MAX_SERIES, for every message that refuses a file over it. */
export function seriesLimitHint(max: number): string {
  return `this installation accepts at most ${max} series (UPLOAD_MAX_SERIES): split the file, or ask the operator to raise UPLOAD_MAX_SERIES`;
}

/** How a user gets past UPLOAD_MAX_POINTS, for every message that refuses a dataset over it. */
export function pointsLimitHint(): string {
  return "this installation's limit (UPLOAD_MAX_POINTS): check these timestamps, or ask the operator to raise UPLOAD_MAX_POINTS";
}
