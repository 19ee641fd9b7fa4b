/**
 * Preload (`node -r @swc-node/register -r ./bench/profile-on-message.ts app.ts`, spawned with an IPC channel) for a
 * server under a benchmark's load: the message 'cpu-profile' starts V8's CPU profiler, the next one writes the profile
 * to `$CPU_PROFILE_DIR/<n>.cpuprofile` and answers its path, so a profile covers one load phase and not the start-up.
 * A message, not a signal: NestJS's shutdown hooks treat SIGUSR2 as a shutdown. Used by bench/api-load.ts --profile.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
if (!dir) throw new Error('profile-on-message: set CPU_PROFILE_DIR');
const session = new Session();
session.connect();
let profiling = false;
let written = 0;

process.on('message', (message) => {
  if (message !== 'cpu-profile') return;
  void (async () => {
    if (!profiling) {
      profiling = true;
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      process.send?.('profiling');
      return;
    }
    profiling = false;
    const { profile } = await session.post('Profiler.stop');
    const file = join(dir, `${++written}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    process.send?.(file);
  })();
});
