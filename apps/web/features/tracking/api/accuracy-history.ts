import { crowned, type Run } from '@foretell/contracts';

/** One completed run of a dataset, as the "runs over time" chart and table read it. */
export interface RunPoint {
  runId: string;
  /** When the run finished (its creation when that is unknown). */
  at: string;
  trigger: Run['trigger'];
  datasetVersion: number;
  /** The run's backtest (`backtestLabel`): only runs with the same one have comparable errors. */
  backtest: string;
  /** Best backtest MASE per model kind in this run (null: the kind ran but has no MASE). */
  mase: Record<string, number | null>;
  /** Kind of the run's rank-1 model. */
  champion: string | null;
  championMase: number | null;
  /**
   * Whether the dataset's champion changed with this run: its recorded decision (replaced, or the first champion);
   * for runs from before decisions were recorded, whether its best model differs from the previous run's.
   */
  championChanged: boolean;
  drifted: boolean;
  /** Relative change of the previous champion's MASE (scheduled runs). */
  change: number | null;
  /** Whether the run's best model became the dataset's champion, and why (null for runs from before it was recorded). */
  decision: Pick<NonNullable<Run['championDecision']>, 'decision' | 'reason'> | null;
}

const DECISION_WORDS = { first: 'First champion', replaced: 'Champion replaced', kept: 'Champion kept', declined: 'Not crowned' } as const;

/** "Champion kept: the backtest differs from the champion's (…)": a champion decision as one sentence. */
export function describeDecision(decision: NonNullable<RunPoint['decision']>): string {
  return `${DECISION_WORDS[decision.decision]}: ${decision.reason}.`;
}

/** "horizon 12, 3 windows 12 apart, season 12": what two runs must share for their backtest errors to compare. */
export function backtestLabel({ horizon, season, backtest: { windows, step } }: Pick<Run, 'horizon' | 'season' | 'backtest'>): string {
  const plan = windows === 1 ? '1 window' : `${windows} windows ${step} apart`;
  return `horizon ${horizon}, ${plan}, season ${season}`;
}

/**
 * Completed runs, oldest first, with each kind's best MASE, the champion, its changes and drift flags; and the
 * backtests they used, the latest run's first (a chart of errors draws one of them at a time; one with nothing to draw last).
 */
export function accuracyHistory(runs: readonly Run[]): { kinds: string[]; points: RunPoint[]; backtests: string[] } {
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
      backtest: backtestLabel(run),
      mase,
      champion,
      championMase: run.comparison?.champion.mase ?? best?.metrics?.mase ?? null,
      championChanged: run.championDecision
        ? crowned(run.championDecision.decision)
        : run.comparison
          ? run.comparison.championChanged
          : champion !== null && previous !== undefined && previous.champion !== champion,
      drifted: run.comparison?.drifted ?? false,
      change: run.comparison?.change ?? null,
      decision: run.championDecision && { decision: run.championDecision.decision, reason: run.championDecision.reason },
    });
  }
  // Latest first, but a backtest with no error to draw (nothing of its runs ranked) never comes first.
  const latestFirst = [...new Set(points.map((p) => p.backtest).reverse())];
  const drawable = (backtest: string) => points.some((p) => p.backtest === backtest && Object.values(p.mase).some((m) => m !== null));
  const backtests = [...latestFirst.filter(drawable), ...latestFirst.filter((b) => !drawable(b))];
  return { kinds: [...kinds].sort(), points, backtests };
}

/** The runs of one backtest, and the model kinds that have an error in them: what one chart may draw together. */
export function comparableHistory(points: readonly RunPoint[], backtest: string): { kinds: string[]; points: RunPoint[] } {
  const same = points.filter((p) => p.backtest === backtest);
  const kinds = [...new Set(same.flatMap((p) => Object.keys(p.mase)))].sort();
  return { kinds, points: same };
}
