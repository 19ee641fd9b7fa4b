/**
 * Runs every bench script with --smoke (tiny sizes, seconds, no R or Python references), two at a time, and fails
 * when one fails: `npm test` runs this, so a bench that breaks breaks the build. Every .ts file here is a bench
 * script except the helpers listed below; a new script without a smoke mode fails here (--smoke is refused).
 *
 *   node -r @swc-node/register bench/smoke.ts [--only ingest,api-load]
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchArgs, listArg } from './args';

/** Modules the scripts import or preload: not benches. */
const HELPERS = new Set(['accuracy-data.ts', 'leave-one-out.ts', 'seasonal-residual.ts', 'args.ts', 'stack.ts', 'smoke.ts', 'neural-common.ts', 'hourly-series.ts', 'cpu-profile-summary.ts', 'profile-on-message.ts', 'proc-stats.ts']);
const PARALLEL = 2;
/** The scripts that start a whole stack: the slow ones. */
const STACKS = /^(ingest|api-load|scale)\.ts$/;
/** A smoke run taking longer than this has stopped being one. */
const TIMEOUT_MS = 120_000;

interface Outcome {
  script: string;
  code: number | null;
  seconds: number;
  output: string;
}

function run(script: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join('bench', script), '--smoke'], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    // SIGTERM first, so a bench that started a stack can stop it; its orphans would otherwise hold the pipes open
    // and 'close' never come, so a killed script ends at its exit.
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, TIMEOUT_MS);
    const end = (code: number | null) => {
      clearTimeout(timer);
      done({ script, code, seconds: (performance.now() - started) / 1000, output });
    };
    child.once('close', end);
    child.once('exit', (code) => code === null && end(null));
  });
}

async function main(): Promise<void> {
  const args = benchArgs('node -r @swc-node/register bench/smoke.ts [--only a,b]', { only: { type: 'string' } });
  const only = new Set(listArg(args.only).map((name) => name.replace(/\.ts$/, '')));
  const scripts = readdirSync(__dirname)
    .filter((file) => file.endsWith('.ts') && !HELPERS.has(file))
    .filter((file) => only.size === 0 || only.has(file.replace(/\.ts$/, '')))
    // The slow ones (a whole stack each) first, so the others fill the time beside them.
    .sort((a, b) => Number(STACKS.test(b)) - Number(STACKS.test(a)) || a.localeCompare(b));
  const started = performance.now();
  const queue = [...scripts];
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let script = queue.shift(); script; script = queue.shift()) {
        const outcome = await run(script);
        outcomes.push(outcome);
        console.log(`${outcome.code === 0 ? 'ok  ' : 'FAIL'} ${script.padEnd(24)} ${outcome.seconds.toFixed(1)} s`);
      }
    }),
  );
  const failed = outcomes.filter((o) => o.code !== 0);
  for (const o of failed) console.log(`\n--- ${o.script} (exit ${o.code ?? 'killed'}) ---\n${o.output.slice(-4000)}`);
  console.log(`${scripts.length} bench smoke runs in ${((performance.now() - started) / 1000).toFixed(0)} s; ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

void main();
