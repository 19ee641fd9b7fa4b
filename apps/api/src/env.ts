import { z } from 'zod';
import { backendEnvSchema, parseEnv } from '@foretell/contracts';

/** The API's environment, parsed once at boot. */
const envSchema = backendEnvSchema.extend({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  /** How long an upload request waits for ingestion before answering 202 (still ingesting) instead of 201/400. */
  INGEST_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Anyone may sign up (each gets a workspace of their own); otherwise only the first account, then owners add members. */
  SIGNUP_OPEN: z.stringbool().default(false),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** Mark cookies Secure (set behind HTTPS). */
  COOKIE_SECURE: z.stringbool().default(false),
  /** Failed sign-ins allowed per email and per client address in 15 minutes. */
  LOGIN_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  /** Uploads and appends allowed per workspace per hour. */
  UPLOADS_PER_HOUR: z.coerce.number().int().min(1).default(120),
  /** How long the hot reads (leaderboard, series, forecasts) are served from memory; 0 turns it off. */
  READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** How long a verified API key or session is trusted without a query: a revoked key stops within this. */
  AUTH_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
});
export type ApiEnv = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  return parseEnv(envSchema, source, 'API');
}

export const API_ENV = Symbol('API_ENV');
