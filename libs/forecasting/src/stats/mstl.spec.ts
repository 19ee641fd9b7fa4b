import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS_DIR, readColumn } from '../core/datasets.fixture';
import { decomposablePeriods, lastCycles, mstl } from './mstl';

/** ETTh2's oil temperature, its first 1000 hours: a real hourly series with a daily and a weaker weekly cycle. */
const oilTemperature = readColumn('ETTh2.csv', 7).subarray(0, 1000);

/** R with the forecast package, when installed: the reference runs live, otherwise the stored figures below. */
function rscript(code: string): string | null {
  try {
    return execFileSync('Rscript', ['-e', code], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** Rows of "trend,seasonal1,seasonal2[,data]" numbers that R printed. */
function columns(text: string): number[][] {
  return text.trim().split('\n').map((line) => line.split(',').map(Number));
}

describe('mstl (R forecast::mstl as the reference)', () => {
  it('matches the stored figures of R on ETTh2 OT (24 and 168)', () => {
    // Made with forecast 8.20:
    //   Rscript -e 'library(forecast); x <- read.csv("ETTh2.csv")$OT[1:1000];
    //     d <- mstl(msts(x, seasonal.periods = c(24, 168))); print(d[c(1, 101, 334, 501, 778, 1000), 2:4]'
    const reference: [number, number, number, number][] = [
      [0, 25.9360892407072, -0.0109157095172645, 2.28574460116203],
      [100, 32.7506079572684, -2.16643709073332, 0.0400577637533418],
      [333, 38.946965502242, -0.769928259929072, -0.336732028159176],
      [500, 44.9784127135801, 0.716925586754643, -0.351089749811628],
      [777, 44.1344507829178, -0.842000480559868, 0.776534745023907],
      [999, 45.59372093195, 5.07265196015904, 1.74077356486842],
    ];
    const d = mstl(oilTemperature, [168, 24]);
    expect(d.periods).toEqual([24, 168]);
    for (const [t, trend, daily, weekly] of reference) {
      expect(d.trend[t]).toBeCloseTo(trend, 9);
      expect(d.seasonals[0][t]).toBeCloseTo(daily, 9);
      expect(d.seasonals[1][t]).toBeCloseTo(weekly, 9);
    }
    // The components add up to the data with the adjusted series (trend + remainder).
    for (let t = 0; t < 1000; t++) expect(d.adjusted[t] + d.seasonals[0][t] + d.seasonals[1][t]).toBeCloseTo(oilTemperature[t], 9);
  });

  const csv = resolve(DATASETS_DIR, 'ETTh2.csv');
  const live = rscript(
    `library(forecast); x <- read.csv("${csv}")$OT[1:1000]; d <- mstl(msts(x, seasonal.periods = c(24, 168))); ` +
      'write.table(d[, 2:4], sep = ",", row.names = FALSE, col.names = FALSE)',
  );
  it.skipIf(live === null)('matches R at every point of ETTh2 OT, when Rscript is installed', () => {
    const rows = columns(live ?? '');
    const d = mstl(oilTemperature, [24, 168]);
    expect(rows).toHaveLength(1000);
    rows.forEach(([trend, daily, weekly], t) => {
      expect(d.trend[t]).toBeCloseTo(trend, 8);
      expect(d.seasonals[0][t]).toBeCloseTo(daily, 8);
      expect(d.seasonals[1][t]).toBeCloseTo(weekly, 8);
    });
  });

  const taylor = rscript(
    'library(forecast); x <- taylor[1:1344]; d <- mstl(msts(x, seasonal.periods = c(48, 336))); ' +
      'write.table(cbind(d[, 2:4], x), sep = ",", row.names = FALSE, col.names = FALSE)',
  );
  it.skipIf(taylor === null)('matches R on four weeks of the taylor half-hourly demand (48 and 336)', () => {
    const rows = columns(taylor ?? '');
    const d = mstl(rows.map((r) => r[3]), [48, 336]);
    rows.forEach(([trend, daily, weekly], t) => {
      // Demand is in the tens of thousands: agreement to 1e-6 relative.
      expect(Math.abs(d.trend[t] - trend)).toBeLessThan(1e-6 * Math.abs(trend));
      expect(Math.abs(d.seasonals[0][t] - daily)).toBeLessThan(0.05);
      expect(Math.abs(d.seasonals[1][t] - weekly)).toBeLessThan(0.05);
    });
  });

  it('drops periods without two full cycles, as R (with a warning there)', () => {
    expect(decomposablePeriods(300, [24, 168, 24, 1])).toEqual([24]);
    const d = mstl(oilTemperature.subarray(0, 300), [24, 168]);
    expect(d.periods).toEqual([24]);
    const none = mstl(oilTemperature.subarray(0, 40), [24]);
    expect(none.periods).toEqual([]);
    expect(Array.from(none.adjusted)).toEqual(Array.from(oilTemperature.subarray(0, 40)));
  });

  it('continues each component by its last cycle, indexed from the first observation', () => {
    const d = mstl(oilTemperature, [24, 168]);
    const [daily, weekly] = lastCycles(d);
    expect(daily.period).toBe(24);
    expect(weekly.period).toBe(168);
    // Position 999 is the last observation; 999 % 24 = 15.
    expect(daily.values[999 % 24]).toBe(d.seasonals[0][999]);
    expect(weekly.values[(1000 - 168) % 168]).toBe(d.seasonals[1][1000 - 168]);
  });
});
