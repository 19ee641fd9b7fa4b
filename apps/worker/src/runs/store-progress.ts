import { progressLabel, type ModelProgress } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';

/**
 * Stores a running model's progress: the fraction, which fit it is at (and a neural fit's epoch) for the run page, and
 * the same in words. False when the model is no longer running (cancelled through the API).
 */
export async function storeProgress(prisma: PrismaClient, { runModelId, fraction, phase, epoch }: ModelProgress): Promise<boolean> {
  const detail = { phase, ...(epoch && { epoch }) };
  const written = await prisma.runModel.updateMany({
    where: { id: runModelId, status: 'running' },
    data: { progress: fraction, progressDetail: detail, message: progressLabel(detail) },
  });
  return written.count > 0;
}
