import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeLiveDrift } from './live-drift';

const model = { runId: 'r1', runModelId: 'm1', kind: 'theta', promisedMase: 1 };
const series = (key: string, liveMase: number | null, points: number, promisedMase: number | null = 1) => ({
  key,
  promised: { mase: promisedMase, smape: 10 },
  live: { points, mase: liveMase, smape: 10, coverage: {}, lastScoredAt: null },
});

describe('judgeLiveDrift', () => {
  it('flags the dataset when its mean live MASE is beyond the margin over enough points, and says the figures', () => {
    const { drifted, figures } = judgeLiveDrift(model, [series('a', 1.8, 4), series('b', 1.4, 4)], { margin: 0.5, minPoints: 6 });
    expect(drifted).toBe(true);
    expect(figures).toMatchObject({ liveMase: 1.6, promisedMase: 1, points: 8, margin: 0.5, minPoints: 6, driftedSeries: [] });
    expect(figures.reason).toBe("live MASE 1.600 against the backtest's 1.000 (drift above 1.500) over 8 point(s): beyond the 50% margin");
  });

  it('flags one series beyond its own backtest over its own points, even when the dataset\'s mean is within', () => {
    const flat = Array.from({ length: 20 }, (_, i) => series(`s${i}`, 1, 6));
    const { drifted, figures } = judgeLiveDrift(model, [...flat, series('broken', 9, 6, 2)], { margin: 0.5, minPoints: 6 });
    expect(drifted).toBe(true);
    expect(figures.driftedSeries).toEqual([{ key: 'broken', points: 6, liveMase: 9, promisedMase: 2 }]);
    expect(figures.reason).toMatch(/within the 50% margin; 1 series beyond the margin, worst "broken": live MASE 9.000 against 2.000 over 6 point/);
  });

  it('decides nothing on too few points or without a MASE to compare', () => {
    expect(judgeLiveDrift(model, [series('a', 10, 5)], { margin: 0.5, minPoints: 6 })).toMatchObject({ drifted: false, figures: { reason: expect.stringMatching(/too few points to judge \(at least 6\)/) } });
    expect(judgeLiveDrift({ ...model, promisedMase: null }, [series('a', 10, 50, null)], { margin: 0.5, minPoints: 6 })).toMatchObject({
      drifted: false,
      figures: { reason: 'no MASE to compare (backtest none, live 10.00)' },
    });
  });

  it('never flags live errors within the margin, and a wider margin never flags more', () => {
    const entry = fc.record({ live: fc.double({ min: 0, max: 10, noNaN: true }), promised: fc.double({ min: 0.01, max: 10, noNaN: true }), points: fc.integer({ min: 0, max: 30 }) });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 10 }), fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), (entries, m1, m2) => {
        const all = entries.map((e, i) => series(`s${i}`, e.live, e.points, e.promised));
        const judged = (margin: number) => judgeLiveDrift({ ...model, promisedMase: Math.max(...entries.map((e) => e.promised)) }, all, { margin, minPoints: 6 });
        const [narrow, wide] = [judged(Math.min(m1, m2)), judged(Math.max(m1, m2))];
        if (wide.drifted) expect(narrow.drifted).toBe(true);
        expect(wide.figures.driftedSeries.length).toBeLessThanOrEqual(narrow.figures.driftedSeries.length);
        for (const s of narrow.figures.driftedSeries) expect(s.liveMase).toBeGreaterThan(s.promisedMase * (1 + Math.min(m1, m2)));
      }),
      { numRuns: 300 },
    );
  });
});
