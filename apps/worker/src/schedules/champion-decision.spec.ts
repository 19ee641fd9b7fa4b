import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideChampion, type ChampionEntry } from './champion-decision';

const backtest = { horizon: 12, windows: 2, step: 12, season: 12, covariates: null };
const entry = (over: Partial<ChampionEntry> = {}): ChampionEntry => ({
  trainedModelId: 't1',
  runId: 'r1',
  kind: 'theta',
  params: {},
  mase: 0.9,
  datasetVersion: 1,
  datasetHash: 'h1',
  backtest,
  baselineWarning: null,
  ...over,
});
const model = (kind: string, mase: number, rank: number) => ({ id: `${kind}-m`, kind, params: {}, rank, metrics: { mase, smape: 1, mae: 1, rmse: 1 } });

describe('decideChampion', () => {
  it('crowns the first candidate', () => {
    expect(decideChampion(null, entry(), [])).toMatchObject({ decision: 'first', comparable: true, previous: null });
  });

  it('keeps the champion against any candidate from a different backtest or older data, however good its figures', () => {
    const differentBacktest = fc.record({
      horizon: fc.integer({ min: 1, max: 48 }),
      windows: fc.integer({ min: 1, max: 5 }),
      step: fc.integer({ min: 1, max: 48 }),
      season: fc.integer({ min: 1, max: 24 }),
      covariates: fc.constantFrom(null, { target: ['a'] }),
    }).filter((b) => JSON.stringify(b) !== JSON.stringify(backtest));
    fc.assert(
      fc.property(differentBacktest, fc.double({ min: 0, max: 5, noNaN: true }), fc.boolean(), (other, mase, rematch) => {
        const candidate = entry({ trainedModelId: 't2', runId: 'r2', kind: 'naive', mase, backtest: other });
        const runModels = rematch ? [model('naive', mase, 1), model('theta', mase + 1, 2)] : [model('naive', mase, 1)];
        const decision = decideChampion(entry(), candidate, runModels);
        expect(decision).toMatchObject({ decision: 'kept', comparable: false });
        expect(decision.reason).toMatch(/backtest differs/);
      }),
      { numRuns: 200 },
    );
    const older = decideChampion(entry({ datasetVersion: 2, datasetHash: 'h2' }), entry({ trainedModelId: 't2', mase: 0.1 }), []);
    expect(older).toMatchObject({ decision: 'kept', comparable: false });
  });

  it('never crowns a best model that is worse than seasonal naive on its backtest, first champion or not', () => {
    const warning = 'worse than seasonal naive on the backtest (MASE 1.200 vs 1.000): seasonal naive is the safer choice for these series';
    const weak = entry({ trainedModelId: 't2', runId: 'r2', kind: 'gru', mase: 1.2, baselineWarning: warning });
    const alone = decideChampion(null, weak, [model('gru', 1.2, 1)]);
    expect(alone).toMatchObject({ decision: 'declined', previous: null, candidate: { kind: 'gru' } });
    expect(alone.reason).toBe('gru ranks first but is worse than seasonal naive on the backtest (MASE 1.200 vs 1.000), so it is not crowned: add seasonal_naive to the run (the recommended preset has it)');
    // Even against a worse champion: a champion must do at least as well as seasonal naive.
    expect(decideChampion(entry({ mase: 2 }), weak, [model('gru', 1.2, 1)])).toMatchObject({ decision: 'declined', previous: { kind: 'theta' } });
  });

  it('keeps the champion, saying why, when no model of the run ranked', () => {
    expect(decideChampion(null, null, [])).toMatchObject({ decision: 'kept', comparable: false, candidate: null, previous: null });
    expect(decideChampion(entry(), null, []).previous).toMatchObject({ kind: 'theta' });
    expect(decideChampion(entry(), null, []).reason).toMatch(/no model of this run was scored on its backtest/);
  });

  it('on the same data, replaces only a worse champion', () => {
    expect(decideChampion(entry(), entry({ trainedModelId: 't2', kind: 'naive', mase: 0.8 }), [model('naive', 0.8, 1)]).decision).toBe('replaced');
    expect(decideChampion(entry(), entry({ trainedModelId: 't2', kind: 'naive', mase: 0.9 }), [model('naive', 0.9, 1)]).decision).toBe('kept');
  });

  it('on newer data, decides within the run only when it re-evaluated the champion\'s model', () => {
    const newer = { trainedModelId: 't2', runId: 'r2', datasetVersion: 2, datasetHash: 'h2' };
    const blind = decideChampion(entry(), entry({ ...newer, kind: 'naive', mase: 0.1 }), [model('naive', 0.1, 1)]);
    expect(blind).toMatchObject({ decision: 'kept', comparable: false, previousMaseInRun: null });
    expect(blind.reason).toMatch(/theta on the newer data/);
    const beaten = decideChampion(entry(), entry({ ...newer, kind: 'naive', mase: 1.2 }), [model('naive', 1.2, 1), model('theta', 1.5, 2)]);
    expect(beaten).toMatchObject({ decision: 'replaced', comparable: true, previousMaseInRun: 1.5 });
    const retrained = decideChampion(entry(), entry({ ...newer, mase: 1.1 }), [model('theta', 1.1, 1)]);
    expect(retrained).toMatchObject({ decision: 'replaced', comparable: true, previousMaseInRun: 1.1 });
    expect(decideChampion(entry(), entry({ trainedModelId: 't2', runId: 'r2' }), [model('theta', 0.9, 1)]).decision).toBe('kept');
  });

  it('prints the figures it compared to four significant digits, not as raw floats', () => {
    const sameData = decideChampion(entry({ mase: 2.1580989996080264 }), entry({ trainedModelId: 't2', kind: 'naive', mase: 1.0123456789 }), []);
    expect(sameData.reason).toBe('naive (MASE 1.012) beat the champion theta (MASE 2.158) on the same backtest and data');
    const notBetter = decideChampion(entry({ mase: 0.1 }), entry({ trainedModelId: 't2', kind: 'naive', mase: 1 / 3 }), []);
    expect(notBetter.reason).toBe('naive (MASE 0.3333) is not better than the champion theta (MASE 0.1000) on the same backtest and data');
    const newer = { trainedModelId: 't2', runId: 'r2', datasetVersion: 2, datasetHash: 'h2' };
    const rematch = decideChampion(entry(), entry({ ...newer, kind: 'naive', mase: 1.23456 }), [model('naive', 1.23456, 1), model('theta', 1.5 + 1e-12, 2)]);
    expect(rematch.reason).toBe("naive (MASE 1.235) beat the champion's model theta (MASE 1.500) in this run's backtest");
    const unscored = decideChampion(entry({ mase: null }), entry({ trainedModelId: 't2', kind: 'naive', mase: 0.5 }), []);
    expect(unscored.reason).toBe('naive (MASE 0.5000) beat the champion theta (MASE none) on the same backtest and data');
  });
});
