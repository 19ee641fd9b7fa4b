/**
 * The command line's default model set (no --models) on 400 synthetic hourly series of 700–900 points (daily and
 * weekly cycles; bench/hourly-series.ts), horizon 48: issue 13 asks for a leaderboard in under 10 minutes.
 *
 *   node -r @swc-node/register bench/cli-default-set.ts [--count 400] [--data hourly|etth2]
 *
 * --smoke: 2 series and two fast models instead of the default set (a check that it runs).
 *
 * Prints the wall time of the whole command and the leaderboard (MASE, fit seconds, warnings per model).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchArgs, intArg } from './args';
import { etth2Slices, syntheticHourly } from './hourly-series';

const ROOT = resolve(__dirname, '..');

const USAGE = 'node -r @swc-node/register bench/cli-default-set.ts [--count 400] [--data hourly|etth2] [--smoke]';

function main(): void {
  const args = benchArgs(USAGE, { count: { type: 'string', default: '400' }, data: { type: 'string', default: 'hourly' } });
  if (!['hourly', 'etth2'].includes(args.data)) throw new Error(`--data must be hourly or etth2, got ${args.data}`);
  const count = args.smoke ? 2 : intArg(args.count, 'count', 1);
  // Smoke: two series and two fast models, so the command, its files and this report are exercised in seconds.
  const models = args.smoke ? ['--models', 'seasonal_naive,mstl'] : [];
  const series = args.data === 'etth2' ? etth2Slices(join(ROOT, '../shared/datasets'), Math.ceil(count / 7)) : syntheticHourly(count, 7);
  const dir = mkdtempSync(join(tmpdir(), 'cli-default-'));
  const start = Date.UTC(2024, 0, 1);
  const lines = ['unique_id,ds,y'];
  series.forEach((s, i) => s.forEach((v, t) => lines.push(`s${i},${new Date(start + t * 3_600_000).toISOString()},${v}`)));
  writeFileSync(join(dir, 'hourly.csv'), lines.join('\n') + '\n');
  console.error(`${series.length} series, ${lines.length - 1} rows → ${dir}`);
  const began = performance.now();
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', '--input', join(dir, 'hourly.csv'), '--horizon', '48', '--out', dir, ...models], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const seconds = (performance.now() - began) / 1000;
  if (run.status !== 0) throw new Error(`forecast failed (${run.status}): ${run.stderr}`);
  console.error(run.stderr.split('\n').filter((l) => !l.includes('\r')).join('\n'));
  const board = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8'));
  console.table(
    board.models.map((m: { model: string; rank: number; metrics: { mase: number } | null; fitSeconds: number | null; warnings: string[] }) => ({
      model: m.model,
      rank: m.rank,
      MASE: m.metrics?.mase?.toFixed(3),
      'fit s': m.fitSeconds?.toFixed(1),
      'worse than seasonal naive': m.warnings.some((w) => w.startsWith('worse than seasonal naive')) ? 'yes' : '',
    })),
  );
  console.log(`default model set, ${series.length} hourly series: ${seconds.toFixed(0)} s wall (seasonalities ${JSON.stringify(board.seasonalities)})`);
}

main();
