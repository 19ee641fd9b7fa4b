/**
 * The seconds one fit + forecast of each model kind takes per point of data on this machine's backend, for the
 * cost table in libs/contracts/src/fit-cost.ts (run progress weights, the new-run form's estimate before an
 * installation has fitted anything).
 *
 *   nice -n 19 node -r @swc-node/register bench/fit-cost.ts [--series 14] [--models naive,theta,...] [--smoke]
 *
 * Data: `--series` 800-hour ETTh2 slices (season 24, h = 48), the shape of the hourly data analysts bring. Each kind
 * is fitted once with its defaults (neural models choose their epochs from the data, as in a run) in this process;
 * CPU seconds are reported beside wall seconds because the machine is shared. `--smoke`: two short series, three
 * kinds, to check the script still runs.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { createModel } from '@foretell/forecasting';
import { MODEL_KINDS, type ModelKind } from '@foretell/contracts';
import { etth2Slices } from './hourly-series';

const DATA = join(__dirname, '../../shared/datasets');
const H = 48;

const { values } = parseArgs({
  options: { series: { type: 'string', default: '14' }, models: { type: 'string' }, smoke: { type: 'boolean', default: false } },
});
const smoke = values.smoke ?? false;
const kinds = (values.models?.split(',') ?? (smoke ? ['naive', 'theta', 'nlinear'] : MODEL_KINDS)) as ModelKind[];
// ETTh2 has 7 channels: slices per channel so that about `--series` series are fitted.
const all = etth2Slices(DATA, Math.max(1, Math.ceil(Number(values.series) / 7)));
const series = smoke ? all.slice(0, 2).map((s) => s.subarray(0, 200)) : all.slice(0, Number(values.series));
const points = series.reduce((n, s) => n + s.length - H, 0);

async function main(): Promise<void> {
  console.log(`${series.length} series, ${points} training points, h = ${H}, season 24`);
  console.log('kind\twall s\tcpu s\tµs per point (cpu)');
  for (const kind of kinds) {
    const train = series.map((s) => s.subarray(0, s.length - H));
    const wall = performance.now();
    const cpu = process.cpuUsage();
    try {
      const model = createModel({ kind });
      await model.fit({ series: train, season: 24, seed: 0, horizon: H });
      await model.predict(H);
      model.dispose();
    } catch (error) {
      console.log(`${kind}\t—\t—\t${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const wallSeconds = (performance.now() - wall) / 1000;
    console.log(`${kind}\t${wallSeconds.toFixed(2)}\t${cpuSeconds.toFixed(2)}\t${((cpuSeconds / points) * 1e6).toFixed(2)}`);
  }
}

void main();
