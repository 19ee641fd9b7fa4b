import type { Run } from '@foretell/contracts';

/** One completed run of a dataset, as the "runs over time" chart and table read it. */
export interface RunPoint {
  runId: string;
  /** When the run finished (its creation when that is unknown). */
  at: string;
  trigger: Run['trigger'];
  datasetVersion: number;
  /** Best backtest MASE per model kind in this run (null: the kind ran but has no MASE). */
  mase: Record<string, number | null>;
  /** Kind of the run's rank-1 model. */
  champion: string | null;
  championMase: number | null;
  /** From the run's comparison when scheduled; otherwise against the previous completed run listed. */
  championChanged: boolean;
  drifted: boolean;
  /** Relative change of the previous champion's MASE (scheduled runs). */
  change: number | null;
  /** Whether the run's best model became the dataset's champion, and why (null for runs from before it was recorded). */
  decision: Pick<NonNullable<Run['championDecision']>, 'decision' | 'reason'> | null;
}

const DECISION_WORDS = { first: 'First champion', replaced: 'Champion replaced', kept: 'Champion kept' } as const;

/** "Champion kept: the backtest differs from the champion's (…)": a champion decision as one sentence. */
export function describeDecision(decision: NonNullable<RunPoint['decision']>): string {
  return `${DECISION_WORDS[decision.decision]}: ${decision.reason}.`;
}

/** Completed runs, oldest first, with each kind's best MASE, the champion, its changes and drift flags. */
export function accuracyHistory(runs: readonly Run[]): { kinds: string[]; points: RunPoint[] } {
  const completed = runs
    .filter((r) => r.status === 'completed')
    .map((r) => ({ run: r, at: r.finishedAt ?? r.createdAt }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const kinds = new Set<string>();
  const points: RunPoint[] = [];
  for (const { run, at } of completed) {
    const mase: Record<string, number | null> = {};
    for (const entry of run.leaderboard) {
      kinds.add(entry.kind);
      const value = entry.metrics?.mase ?? null;
      const held = mase[entry.kind];
      mase[entry.kind] = held === undefined || held === null ? value : value === null ? held : Math.min(held, value);
    }
    const best = run.leaderboard.filter((e) => e.rank !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))[0];
    const champion = run.comparison?.champion.kind ?? best?.kind ?? null;
    const previous = points[points.length - 1];
    points.push({
      runId: run.id,
      at,
      trigger: run.trigger,
      datasetVersion: run.datasetVersion,
      mase,
      champion,
      championMase: run.comparison?.champion.mase ?? best?.metrics?.mase ?? null,
      championChanged: run.comparison ? run.comparison.championChanged : previous !== undefined && previous.champion !== champion,
      drifted: run.comparison?.drifted ?? false,
      change: run.comparison?.change ?? null,
      decision: run.championDecision && { decision: run.championDecision.decision, reason: run.championDecision.reason },
    });
  }
  return { kinds: [...kinds].sort(), points };
}
