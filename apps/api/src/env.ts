import { z } from 'zod';

/** The API's environment, parsed once at boot; a bad value stops the process with a message naming it. */
const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/foretell'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Key prefix of the BullMQ queues in Redis; the worker must use the same. */
  QUEUE_PREFIX: z.string().min(1).default('foretell'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  /** How long an upload request waits for ingestion before answering 202 (still ingesting) instead of 201/400. */
  INGEST_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});
export type ApiEnv = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid API environment:\n${lines}`);
  }
  return parsed.data;
}

export const API_ENV = Symbol('API_ENV');
