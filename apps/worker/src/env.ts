import { z } from 'zod';
import { backendEnvSchema, parseEnv } from '@foretell/contracts';

/** The worker's environment, parsed once at boot (and in each sandboxed child). */
const envSchema = backendEnvSchema.extend({
  /** Model fits run at once per worker process, each in its own child process. */
  FIT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
});
export type WorkerEnv = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  return parseEnv(envSchema, source, 'worker');
}
