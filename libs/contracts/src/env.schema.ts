import { z } from 'zod';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The levels a process logs at when set to `level` (Nest's logger takes the list). */
export function logLevelsUpTo(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** A host name, an IPv4 address or a bare IPv6 address (no scheme, port or path). */
const HOST_PATTERN = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|[0-9a-f:.]*:[0-9a-f:.]*)$/;

/** Settings every backend process shares (API, worker, sandboxed children), with local defaults. */
export const backendEnvSchema = z.object({
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/foretell'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Key prefix of the BullMQ queues in Redis; the API and the worker must use the same. */
  QUEUE_PREFIX: z.string().min(1).default('foretell'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('log'),
  /** `json`: one JSON object per line (level, timestamp, context, message and ids such as runId); `text` for reading. */
  LOG_FORMAT: z.enum(['json', 'text']).default('json'),
  /**
   * Series per shard of a local model's fit: a run on more series splits each local model into shards of this many
   * consecutive series that any worker takes (read where runs are queued: the API, schedules, drift retraining, recovery); datasets up to this size keep one job per model.
   */
  RUN_SHARD_SERIES: z.coerce.number().int().min(1).default(1_000),
  /**
   * Series one dataset may hold: a wide file's value columns, a long file's ids, and a dataset after appends. Bounds the
   * memory of reading a file and the size of every profile (read by the worker's ingest and the API's preview).
   */
  UPLOAD_MAX_SERIES: z.coerce.number().int().min(1).default(10_000),
  /**
   * Hosts (names or IP addresses, comma-separated) that webhooks may reach although they are loopback, private or
   * link-local; every other such address is refused (server-side request forgery). Empty: none.
   */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(HOST_PATTERN, { message: 'each entry must be a host name or an IP address, without scheme or port' }))),
});

/** Keys never printed by the loggers, wherever they appear in a record's fields. */
const REDACTED_KEYS = ['password', 'authorization', 'cookie', 'token', 'secret', 'DATABASE_URL', 'REDIS_URL', 'webhookUrl'];

/**
 * Options of Nest's ConsoleLogger for a backend process (plain data: contracts does not depend on Nest). In JSON,
 * fields passed after the message (`logger.log('Fit started', { runId, jobId })`) become top-level keys.
 */
export function loggerOptions(env: { LOG_LEVEL: LogLevel; LOG_FORMAT: 'json' | 'text' }) {
  return { logLevels: logLevelsUpTo(env.LOG_LEVEL), json: env.LOG_FORMAT === 'json', flattenParams: true, redact: REDACTED_KEYS };
}

/** Parses a process's environment once at boot; a bad value stops it with a message naming every bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>, app: string): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid ${app} environment:\n${lines}`);
  }
  return parsed.data;
}
