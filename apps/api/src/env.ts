import { z } from 'zod';
import { backendEnvSchema, parseEnv } from '@foretell/contracts';

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const proxyAddressSchema = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(PROXY_NAMES)]);

/**
 * Express's "trust proxy": `false` (or `0`) reads the client from the socket only; a number trusts that many hops;
 * a comma-separated list of addresses, CIDR ranges or `loopback` / `linklocal` / `uniquelocal` trusts those peers.
 * The client is then the right-most address in X-Forwarded-For that is not a trusted proxy, so an address a client
 * writes into the header itself is never the one used. Loopback by default: the API listens on 127.0.0.1 behind the
 * dashboard on the same host, which appends the address it was called from (apps/web/server.ts).
 */
export const trustProxySchema = z
  .string()
  .trim()
  .default('loopback')
  .transform((value, ctx): false | number | string[] => {
    if (value === 'false' || value === '0' || value === '') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const wrong = entries.filter((entry) => !proxyAddressSchema.safeParse(entry).success);
    if (wrong.length) {
      ctx.addIssue({ code: 'custom', message: `"${wrong.join('", "')}" is not a hop count, an IP address, a CIDR range or one of ${PROXY_NAMES.join(', ')}` });
      return z.NEVER;
    }
    return entries;
  });

/** The API's environment, parsed once at boot. */
const envSchema = backendEnvSchema.extend({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(200 * 1024 * 1024),
  /** An upload whose client sends nothing for this long is answered 408 (as nginx's client_body_timeout). */
  UPLOAD_STALL_MS: z.coerce.number().int().min(100).default(60_000),
  /** How long an upload request waits for ingestion before answering 202 (still ingesting) instead of 201/400. */
  INGEST_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Anyone may sign up (each gets a workspace of their own); otherwise only the first account, then owners add members. */
  SIGNUP_OPEN: z.stringbool().default(false),
  /** A session unused for this long ends (each use moves the expiry forward)… */
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** …and every session ends this long after sign-in, used or not. */
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Which peers may name the client in X-Forwarded-For (see trustProxySchema). */
  TRUST_PROXY: trustProxySchema,
  /** Mark cookies Secure (set behind HTTPS). */
  COOKIE_SECURE: z.stringbool().default(false),
  /** Failed sign-ins allowed per email from one client address, and per client address, in 15 minutes. */
  LOGIN_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  /** Failed sign-ins allowed per email from all addresses together in 15 minutes (guessing spread over addresses). */
  LOGIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
  /** Pending invitations a workspace may hold at once (renewing one does not add to them). */
  INVITATIONS_PENDING_MAX: z.coerce.number().int().min(1).default(100),
  /** Invitations one user may send per hour, over all their workspaces. */
  INVITATIONS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Uploads and appends allowed per hour to one user (over all their workspaces) or one API key. */
  UPLOADS_PER_HOUR: z.coerce.number().int().min(1).default(120),
  /** Uploads and appends allowed per hour in one workspace, all callers together (above one caller's). */
  UPLOADS_PER_WORKSPACE_HOUR: z.coerce.number().int().min(1).default(600),
  /** Forecast points (series × horizon) one request to a saved model may return (about 40 B each as JSON). */
  MODEL_FORECAST_MAX_POINTS: z.coerce.number().int().min(1).default(500_000),
  /** How long the hot reads (leaderboard, series, forecasts) are served from memory; 0 turns it off. */
  READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Live event streams (a run page each) one user or API key may hold open at once, per API process. */
  EVENT_STREAMS_PER_USER: z.coerce.number().int().min(1).default(20),
  /** How long a verified API key or session is trusted without a query: a revoked key stops within this. */
  AUTH_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
}).refine((env) => env.SESSION_MAX_DAYS >= env.SESSION_DAYS, {
  path: ['SESSION_MAX_DAYS'],
  message: 'must be at least SESSION_DAYS (the idle expiry cannot outlast the absolute one)',
});
export type ApiEnv = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  return parseEnv(envSchema, source, 'API');
}

export const API_ENV = Symbol('API_ENV');
