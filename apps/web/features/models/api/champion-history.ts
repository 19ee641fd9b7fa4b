import { crowned, type ChampionDecision, type Run } from '@foretell/contracts';

export type Decided = Run & { championDecision: ChampionDecision };

/**
 * The run whose decision crowned the champion `trainedModelId`, and the later decisions that kept it (those whose
 * champion then was this one), latest first. Decisions are made when runs finish, in whatever order they were queued.
 */
export function championHistory(runs: readonly Run[], trainedModelId: string): { crowning: Decided | undefined; kept: Decided[] } {
  const decided = runs
    .filter((r): r is Decided => r.status === 'completed' && r.championDecision !== null)
    .sort((a, b) => (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt));
  return {
    crowning: decided.find((r) => crowned(r.championDecision.decision) && r.championDecision.candidate?.trainedModelId === trainedModelId),
    kept: decided.filter((r) => !crowned(r.championDecision.decision) && r.championDecision.previous?.trainedModelId === trainedModelId),
  };
}
