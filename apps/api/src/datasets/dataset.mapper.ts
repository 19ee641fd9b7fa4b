import {
  appendSummarySchema,
  csvProblemSchema,
  datasetProfileSchema,
  datasetProfileSummarySchema,
  demandClassSchema,
  type Dataset,
  type DatasetSummary,
  type DatasetUpload,
  type DatasetProfile,
  type SeriesSummary,
} from '@foretell/contracts';
import type { Dataset as DatasetRow, DatasetUpload as UploadRow } from '@foretell/db';
import { z } from 'zod';

const problemsSchema = z.array(csvProblemSchema);

export function toDataset(row: DatasetRow): Dataset {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    error: row.error,
    problems: problemsSchema.parse(row.problems),
    bytes: row.bytes,
    profile: profileOf(row),
    version: row.version,
    contentHash: row.contentHash,
    createdAt: row.createdAt.toISOString(),
  };
}

/** For lists: the profile's totals, so a dataset of many series does not weigh on every page that lists datasets. */
export function toDatasetSummary(row: DatasetRow): DatasetSummary {
  const { profile, ...dataset } = toDataset(row);
  return { ...dataset, profile: profile && datasetProfileSummarySchema.parse(profile) };
}

export function profileOf(row: DatasetRow): DatasetProfile | null {
  return row.profile ? datasetProfileSchema.parse(row.profile) : null;
}

export function toSeriesSummary(
  row: { key: string; start: Date; length: number; missing: number; demandClass: string | null },
  end: Date,
): SeriesSummary {
  return {
    id: row.key,
    length: row.length,
    start: row.start.toISOString(),
    end: end.toISOString(),
    missing: row.missing,
    demandClass: row.demandClass === null ? null : demandClassSchema.parse(row.demandClass),
  };
}

export function toDatasetUpload(row: UploadRow): DatasetUpload {
  return {
    id: row.id,
    datasetId: row.datasetId,
    kind: row.kind,
    status: row.status,
    error: row.error,
    problems: problemsSchema.parse(row.problems),
    bytes: row.bytes,
    summary: row.summary ? appendSummarySchema.parse(row.summary) : null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
