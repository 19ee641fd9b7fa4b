/**
 * Hourly series for bench/stat-speed.ts and the default-set bench, none from M4 Hourly or ETTh1 (issue 13's
 * independent check): synthetic series with daily and weekly cycles, a drifting level and noise, or 800-hour slices
 * of the seven ETTh2 channels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Seeded uniform numbers in (0, 1) (an LCG: reproducible without a dependency). */
export function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (1664525 * s + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/**
 * `count` series of 700–900 hourly points: a level with a slow random walk, a daily profile (two peaks), a weekday /
 * weekend difference, Gaussian noise and a few series with multiplicative-looking growth; all positive.
 */
export function syntheticHourly(count: number, seed = 1): Float64Array[] {
  const u = uniform(seed);
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return Array.from({ length: count }, () => {
    const n = 700 + Math.floor(u() * 201);
    const level = 50 + 150 * u();
    const daily = (0.1 + 0.3 * u()) * level;
    const weekly = (0.3 * u() - 0.05) * level;
    const noise = (0.02 + 0.1 * u()) * level;
    const phase = Math.floor(u() * 168);
    let walk = 0;
    return Float64Array.from({ length: n }, (_, i) => {
      const t = i + phase;
      const hour = t % 24;
      const weekend = Math.floor(t / 24) % 7 >= 5;
      walk += 0.003 * level * normal();
      const profile = 0.6 * Math.sin((2 * Math.PI * (hour - 6)) / 24) + 0.4 * Math.sin((4 * Math.PI * hour) / 24);
      return Math.max(1, level + walk + daily * profile - (weekend ? weekly : 0) + noise * normal());
    });
  });
}

/** 800-hour slices of each ETTh2 channel, `perChannel` evenly spaced slices per channel. */
export function etth2Slices(dataDir: string, perChannel: number): Float64Array[] {
  const rows = readFileSync(join(dataDir, 'ETTh2.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(1).map(Number));
  const length = 800;
  const out: Float64Array[] = [];
  for (let c = 0; c < rows[0].length; c++) {
    for (let k = 0; k < perChannel; k++) {
      const start = Math.floor((k * (rows.length - length)) / Math.max(1, perChannel - 1));
      out.push(Float64Array.from(rows.slice(start, start + length), (r) => r[c]));
    }
  }
  return out;
}
