import { z } from 'zod';
import { backendEnvSchema, parseEnv } from '@foretell/contracts';

/** The worker's environment, parsed once at boot (and in each sandboxed child). */
const envSchema = backendEnvSchema.extend({
  /** Model fits run at once per worker process, each in its own child process. */
  FIT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Data rows one upload or append may hold (a long file with 10 million rows is ~200 MB of CSV). */
  UPLOAD_MAX_ROWS: z.coerce.number().int().min(1).default(10_000_000),
  /**
   * Points one dataset may hold once regularised (series × their lengths, gaps included): a few rows with far-apart
   * timestamps are refused before millions of gap points are allocated. Above UPLOAD_MAX_ROWS, so a dense file fits.
   */
  UPLOAD_MAX_POINTS: z.coerce.number().int().min(1).default(50_000_000),
  /**
   * Bytes an .xlsx workbook's parts may inflate to: bounds a zip bomb's CPU time and temporary-file size. 512 MB holds
   * a sheet filled to Excel's last row.
   */
  UPLOAD_MAX_WORKBOOK_BYTES: z.coerce.number().int().min(1024 * 1024).default(512 * 1024 * 1024),
  /**
   * A job's lock lasts this long (renewed at half of it) and stalled jobs are looked for this often: a job whose worker
   * died goes back to the queue within about twice this. BullMQ's default; tests shorten it.
   */
  STALL_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /** On SIGTERM, active jobs get this long to finish; then fits are stopped and handed back (well within docker's 10 s). */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(5_000),
  /** How often unfinished runs that Redis lost (restarted without persistence) are queued again from Postgres. */
  RECOVER_INTERVAL_MS: z.coerce.number().int().min(500).default(60_000),
});
export type WorkerEnv = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  return parseEnv(envSchema, source, 'worker');
}
