import { z } from 'zod';
import { backendEnvSchema, parseEnv } from '@foretell/contracts';

/** The API's environment, parsed once at boot. */
const envSchema = backendEnvSchema.extend({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  /** How long an upload request waits for ingestion before answering 202 (still ingesting) instead of 201/400. */
  INGEST_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
});
export type ApiEnv = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  return parseEnv(envSchema, source, 'API');
}

export const API_ENV = Symbol('API_ENV');
