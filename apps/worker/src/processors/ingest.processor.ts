import { ingestJobSchema } from '@foretell/contracts';
import { defineProcessor } from '@foretell/queue';
import { ingestDataset } from '../ingest/ingest-dataset';
import { sandboxDatabase } from './sandbox';

/** Sandboxed: parsing a large CSV is CPU-bound and must not stall the worker's lock renewal. */
export default defineProcessor(ingestJobSchema, ({ datasetId }) => ingestDataset(sandboxDatabase(), datasetId));
