export { ingestCsv, ingestCsvText, type IngestOptions } from './csv-ingest';
export { CsvIngestError } from './problems';
export type { ParsedDataset, ParsedSeries } from './series-builder';
export { detectFrequency, gridTimestamps } from './frequency-grid';
export { parseTimestamp } from './timestamp-parser';
