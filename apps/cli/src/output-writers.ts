import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Frequency } from '@foretell/contracts';

/**
 * Timestamps as the input files write them: a date for daily and coarser data, date and time (UTC) otherwise.
 */
export function formatTimestamp(date: Date, frequency: Frequency): string {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const coarse = ['day', 'week', 'month', 'quarter', 'year'].includes(frequency.unit);
  return coarse && iso.slice(11, 23) === '00:00:00.000' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** A CSV field: numbers in full precision (empty for NaN), text quoted when it needs to be. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Streams rows to a CSV file, waiting when the disk is slower than the producer. */
export class CsvWriter {
  private readonly stream;
  private buffer: string[] = [];

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path);
    this.buffer.push(header.join(','));
  }

  async row(fields: readonly (string | number)[]): Promise<void> {
    this.buffer.push(fields.map(csvField).join(','));
    if (this.buffer.length >= 4096) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('\n') + '\n';
    this.buffer = [];
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
