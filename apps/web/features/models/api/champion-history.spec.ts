import { describe, expect, it } from 'vitest';
import type { ChampionDecision } from '@foretell/contracts';
import { runWith } from '../../runs/testing/leaderboard-entry';
import { championHistory } from './champion-history';

const figures = (trainedModelId: string) => ({ trainedModelId, runId: `run-${trainedModelId}`, kind: 'theta', mase: 0.8, datasetVersion: 1 });
const decided = (id: string, created: string, finished: string, decision: ChampionDecision['decision'], candidate: string, previous: string | null) =>
  runWith([], {
    id,
    createdAt: `2026-12-06T10:${created}:00Z`,
    finishedAt: `2026-12-06T11:${finished}:00Z`,
    championDecision: { decision, comparable: true, reason: 'r', candidate: figures(candidate), previous: previous ? figures(previous) : null, previousMaseInRun: null },
  });

describe('championHistory', () => {
  // Three runs queued together finish in another order: B crowns Y, C keeps Y, A (created first, finished last) replaces Y by X.
  const runs = [
    decided('A', '00', '30', 'replaced', 'X', 'Y'),
    decided('B', '01', '10', 'first', 'Y', null),
    decided('C', '02', '20', 'kept', 'Z', 'Y'),
  ];

  it('lists under a champion only the runs that kept it, not those that kept the one before it', () => {
    const x = championHistory(runs, 'X');
    expect(x.crowning?.id).toBe('A');
    expect(x.kept).toEqual([]);
    const y = championHistory(runs, 'Y');
    expect(y.crowning?.id).toBe('B');
    expect(y.kept.map((r) => r.id)).toEqual(['C']);
  });

  it('lists the runs that kept it latest decision first, and ignores runs without a decision', () => {
    const later = decided('D', '03', '40', 'declined', 'W', 'X');
    const kept = decided('E', '04', '35', 'kept', 'V', 'X');
    const history = championHistory([...runs, later, kept, runWith([], { id: 'F', status: 'running' })], 'X');
    expect(history.kept.map((r) => r.id)).toEqual(['D', 'E']);
  });
});
