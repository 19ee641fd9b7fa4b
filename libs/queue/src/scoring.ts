import type { Queue } from 'bullmq';
import { UNFINISHED_STATES } from './queues';

/** The job id of an append's scoring: one per upload, so a retried ingest queues it once. */
export function scoreActualsJobId(uploadId: string): string {
  return `score-${uploadId}`;
}

/**
 * Whether the scoring of any of these appends (on the live-accuracy queue) still waits, runs or waits to be retried:
 * until it ends, a dataset's live accuracy holds some of their actuals, not all.
 */
export async function scoringUnderway(queue: Queue, uploadIds: readonly string[]): Promise<boolean> {
  const states = await Promise.all(uploadIds.map((id) => queue.getJobState(scoreActualsJobId(id))));
  return states.some((state) => (UNFINISHED_STATES as readonly string[]).includes(state));
}
