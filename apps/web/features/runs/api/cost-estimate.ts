import { expectedFitSeconds, type DatasetProfileSummary, type ModelKind, type Run } from '@foretell/contracts';

/** One finished fit of this installation: how long it took and how much it had to fit. */
export interface PastFit {
  kind: ModelKind;
  fitSeconds: number;
  /** Points of the dataset (its current profile: a run on an older version counts the points it has now). */
  points: number;
  /** Backtest windows plus the final fit. */
  fits: number;
  /** Neural models: the epochs planned per network, when known. */
  epochs: number | null;
}

export interface PlannedModel {
  kind: ModelKind;
  params: Record<string, unknown>;
}

export interface ModelCost {
  kind: ModelKind;
  /** Estimated seconds of fitting. */
  seconds: number;
  /** Past fits of this installation the estimate rests on; 0: it rests on the reference table (`expectedFitSeconds` in contracts). */
  samples: number;
}

export interface CostEstimate {
  models: ModelCost[];
  /** Sum over the models. */
  total: number;
  /** Whether any model is priced by the calibrated table rather than this installation's own fits. */
  calibrated: boolean;
}

function epochsOf(params: Record<string, unknown>): number | null {
  return typeof params.epochs === 'number' && params.epochs > 0 ? params.epochs : null;
}

/** The completed fits of past runs whose dataset profile is known. */
export function pastFits(runs: readonly Run[], profiles: ReadonlyMap<string, Pick<DatasetProfileSummary, 'points'>>): PastFit[] {
  const fits: PastFit[] = [];
  for (const run of runs) {
    const profile = profiles.get(run.datasetId);
    if (!profile || profile.points <= 0) continue;
    for (const entry of run.leaderboard) {
      // An ensemble fits nothing (its time is its members').
      if (entry.kind === 'ensemble' || entry.status !== 'completed' || entry.fitSeconds === null || !(entry.fitSeconds > 0)) continue;
      fits.push({
        kind: entry.kind,
        fitSeconds: entry.fitSeconds,
        points: profile.points,
        fits: run.backtest.windows + 1,
        epochs: entry.report?.maxEpochs ?? epochsOf(entry.params),
      });
    }
  }
  return fits;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A rough cost of a planned run. The one cost table in contracts (`expectedFitSeconds`, rates measured on the
 * reference machine; the same that weights a run's progress) says how a kind's cost grows: a local model's with the
 * points and fits, a neural one's with its epochs and the windows an epoch draws (bounded: not with the points). This
 * installation's past fits of a kind say how fast it is here: the median of their seconds over what the table expected
 * of them scales the table's figure for the plan. A kind never fitted here is priced by the table alone. Settings
 * beyond epochs (network size, batch size) and the machine's load are not modelled: an order of magnitude, not a promise.
 */
export function estimateCost(past: readonly PastFit[], models: readonly PlannedModel[], points: number, windows: number): CostEstimate {
  const costs = models.map(({ kind, params }): ModelCost => {
    const planned = expectedFitSeconds({ kind, params }, { points, windows });
    const ofKind = past.filter((p) => p.kind === kind);
    if (!ofKind.length) return { kind, seconds: planned, samples: 0 };
    const expected = (p: PastFit) => expectedFitSeconds({ kind, params: p.epochs === null ? {} : { epochs: p.epochs } }, { points: p.points, windows: p.fits - 1 });
    const speed = median(ofKind.map((p) => p.fitSeconds / expected(p)));
    return { kind, seconds: speed * planned, samples: ofKind.length };
  });
  return { models: costs, total: costs.reduce((sum, c) => sum + c.seconds, 0), calibrated: costs.some((c) => c.samples === 0) };
}

/** "about 40 s", "about 3 min", "about 1.5 h": the estimate is rough, so is its wording. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
