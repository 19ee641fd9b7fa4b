import { describe, expect, it } from 'vitest';
import type { FitEpoch, LeaderboardEntry, ModelPhase, RunEvent } from '@foretell/contracts';
import { detailOf, liveStatus, lossCurveOf, withDetail, withEpoch, type LabelledCurve } from './live-training';

const window = (n: number): ModelPhase => ({ kind: 'backtest', window: n, of: 2 });
const progress = (phase: ModelPhase, n: number, loss: number, extra: Partial<FitEpoch> = {}): RunEvent => ({
  type: 'progress',
  runId: 'r',
  runModelId: 'm',
  fraction: 0.1,
  phase,
  epoch: { n, of: 40, loss, ...extra },
});

describe('withEpoch', () => {
  it('builds the loss curve epoch by epoch, and starts a new, labelled curve with each fit and network', () => {
    let fits: ReadonlyMap<string, LabelledCurve> = new Map();
    fits = withEpoch(fits, progress(window(1), 1, 0.9, { valLoss: 1.1 }));
    fits = withEpoch(fits, progress(window(1), 2, 0.5));
    expect(fits.get('m')).toEqual({
      label: 'backtest window 1 of 2',
      curve: [
        { epoch: 1, loss: 0.9, valLoss: 1.1 },
        { epoch: 2, loss: 0.5, valLoss: null },
      ],
    });
    fits = withEpoch(fits, progress(window(2), 1, 0.8));
    expect(fits.get('m')).toEqual({ label: 'backtest window 2 of 2', curve: [{ epoch: 1, loss: 0.8, valLoss: null }] });
    fits = withEpoch(fits, progress({ kind: 'final' }, 1, 0.7, { network: { n: 1, of: 2 } }));
    fits = withEpoch(fits, progress({ kind: 'final' }, 1, 0.6, { network: { n: 2, of: 2 } }));
    expect(fits.get('m')).toEqual({ label: 'final fit, network 2 of 2', curve: [{ epoch: 1, loss: 0.6, valLoss: null }] });
  });

  it('ignores events without an epoch (statistical models, milestones)', () => {
    const fits = new Map<string, LabelledCurve>();
    expect(withEpoch(fits, { type: 'progress', runId: 'r', runModelId: 'm', fraction: 0.5, phase: window(1) })).toBe(fits);
    expect(withEpoch(fits, { type: 'model-completed', runId: 'r', runModelId: 'm' })).toBe(fits);
  });
});

describe('where a running model is', () => {
  const entry = (status: LeaderboardEntry['status'], progressDetail: LeaderboardEntry['progressDetail'] = null) =>
    ({ runModelId: 'm', status, progressDetail }) as LeaderboardEntry;

  it('takes the latest event, else what the API stored, and says it in words', () => {
    const live = withDetail(new Map(), progress(window(2), 5, 0.25));
    const validated = withDetail(new Map(), progress({ kind: 'final' }, 2, 0.5, { valLoss: 0.75 }));
    expect(liveStatus(validated.get('m')!, String)).toBe('final fit · epoch 2 of 40 · loss 0.5, validation 0.75');
    expect(detailOf(entry('running', { phase: window(1) }), live)).toEqual({ phase: window(2), epoch: { n: 5, of: 40, loss: 0.25 } });
    expect(detailOf(entry('running', { phase: { kind: 'final' } }), new Map())).toEqual({ phase: { kind: 'final' } });
    expect(detailOf(entry('completed', { phase: { kind: 'saving' } }), live)).toBeNull();
    expect(liveStatus(detailOf(entry('running'), live)!, String)).toBe('backtest window 2 of 2 · epoch 5 of 40 · loss 0.25');
    expect(liveStatus({ phase: { kind: 'final' } }, String)).toBe('final fit');
    expect(withDetail(live, { type: 'model-completed', runId: 'r', runModelId: 'm' })).toBe(live);
  });
});

describe('lossCurveOf', () => {
  const report = { epochs: 2, maxEpochs: 5, members: 1, parameterCount: 7, curve: [{ epoch: 1, loss: 2, valLoss: null }] };
  const entry = (status: LeaderboardEntry['status']) => ({ runModelId: 'm', status, report }) as LeaderboardEntry;
  const live = new Map<string, LabelledCurve>([['m', { label: 'backtest window 1 of 2', curve: [{ epoch: 1, loss: 3, valLoss: null }] }]]);

  it('shows the live curve while training and the saved report once completed, naming the fit', () => {
    expect(lossCurveOf(entry('running'), live)).toEqual(live.get('m'));
    expect(lossCurveOf(entry('completed'), live)).toEqual({ label: 'final fit', curve: report.curve });
    expect(lossCurveOf({ ...entry('completed'), report: { ...report, members: 3 } }, live).label).toBe('final fit, network 1');
    expect(lossCurveOf({ ...entry('completed'), report: null }, new Map()).curve).toEqual([]);
  });

  it('names the fit a cancel stopped, after a reload as well (a cancelled LSTM had no curve at all)', () => {
    const stopped = { ...report, parameterCount: null, stoppedIn: { kind: 'backtest', window: 1, of: 2 } } as const;
    expect(lossCurveOf({ ...entry('cancelled'), report: stopped }, new Map())).toEqual({ label: 'backtest window 1 of 2, stopped', curve: report.curve });
    expect(lossCurveOf({ ...entry('cancelled'), report: { ...stopped, members: 2 } }, new Map()).label).toBe('backtest window 1 of 2, network 1, stopped');
  });
});
