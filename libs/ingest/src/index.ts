export { ingestCsv, ingestCsvText, type IngestOptions } from './csv-ingest';
export { CsvIngestError, seriesLimitHint } from './problems';
export type { ParsedDataset, ParsedSeries } from './series-builder';
export { detectFrequency } from './frequency-grid';
export { demandClassCounts } from './dataset-profile';
// One definition of the calendar grid for the whole platform: the API labels stored points with the same function.
export { gridTimestamps } from '@foretell/contracts';
export { parseTimestamp } from './timestamp-parser';
export { appendAdvice } from './advice';
export { timestampOptionProblems, type MappingFieldProblem } from './timestamp-options';
export { appendWarnings, mergeAppend, type AppendResult, type MergedSeries, type StoredSeries } from './append-merge';
export { previewCsv, timestampForm, type PreviewOptions } from './csv-preview';
export { previewBytes } from './workbook-preview';
export { fileKind, fileKindProblem } from './xlsx-reader';
