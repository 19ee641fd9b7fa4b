import { NotFoundException } from '@nestjs/common';

/**
 * Whether a write failed because a row it depends on was deleted meanwhile: Prisma's "record not found" (P2025) or a
 * foreign key to a deleted row (P2003, or Postgres 23503 from the raw pool).
 */
export function isVanishedRow(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'P2025' || code === 'P2003' || code === '23503';
}

/**
 * Runs writes that need dataset `datasetId` to exist; when it was deleted while they ran (DELETE racing them), answers
 * 404 saying so instead of a 500. `doing` completes "the dataset was deleted while …".
 */
export async function whileDatasetExists<T>(datasetId: string, doing: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isVanishedRow(error)) throw error;
    throw datasetDeleted(datasetId, doing);
  }
}

/** 404 for a dataset deleted while `doing` (a request that found it at first). */
export function datasetDeleted(datasetId: string, doing: string): NotFoundException {
  return new NotFoundException(`Dataset ${datasetId} was deleted while ${doing}: nothing was kept.`);
}
