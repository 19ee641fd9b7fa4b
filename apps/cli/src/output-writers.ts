import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { csvRow, type Frequency } from '@foretell/contracts';

/**
 * Timestamps as the input files write them: a date for daily and coarser data, date and time (UTC) otherwise.
 */
export function formatTimestamp(date: Date, frequency: Frequency): string {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const coarse = ['day', 'week', 'month', 'quarter', 'year'].includes(frequency.unit);
  return coarse && iso.slice(11, 23) === '00:00:00.000' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * Streams rows to a CSV file, waiting when the disk is slower than the producer. Cells are written as the API's export
 * writes them (`csvRow` of contracts: formulas defused, numbers in full precision).
 */
export class CsvWriter {
  private readonly stream;
  private buffer: string[] = [];

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path);
    this.buffer.push(csvRow(header));
  }

  async row(fields: readonly (string | number)[]): Promise<void> {
    this.buffer.push(csvRow(fields));
    if (this.buffer.length >= 4096) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
