/** The part of a Node process the guard needs (the process itself in main.ts; an emitter in tests). */
export interface GuardedProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
}

export interface ProcessGuardOptions {
  /** How a record is written (the process's Nest logger: fields become top-level keys of the JSON record). */
  log: (message: string, fields: Record<string, unknown>) => void;
  /** Ends the process when the errors come in a burst (process.exit). */
  exit: (code: number) => void;
  /** More errors than this in a minute end the process. */
  maxPerMinute?: number;
  now?: () => number;
}

/**
 * The last resort of the API and the worker: an exception or rejection that nothing caught is logged as one structured
 * record and the process keeps serving, so no single request can end it.
 *
 * Keeping on is safe here because neither process keeps shared state that a failed callback can leave half-changed:
 * what a request writes goes to Postgres in transactions or to Redis, and what it opened (streams, sockets) is its own.
 * The escaped error has lost its request, not the process's integrity. A burst (more than `maxPerMinute`) means the
 * process itself is broken (a lost connection looping, say): then it exits 1 and the supervisor (`npm run up`,
 * docker-compose's restart policy) starts a fresh one.
 */
export function guardProcess(target: GuardedProcess, { log, exit, maxPerMinute = 10, now = Date.now }: ProcessGuardOptions): void {
  let recent: number[] = [];
  const record = (event: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    const at = now();
    recent = [...recent.filter((t) => at - t < 60_000), at];
    const burst = recent.length > maxPerMinute;
    const { name, message, stack } = error instanceof Error ? error : { name: typeof error, message: String(error), stack: undefined };
    log(`${event === 'uncaughtException' ? 'Uncaught exception' : 'Unhandled rejection'}: ${message}`, {
      event,
      errorName: name,
      stack,
      action: burst ? `exiting: more than ${maxPerMinute} in a minute` : 'kept serving',
    });
    if (burst) exit(1);
  };
  target.on('uncaughtException', record('uncaughtException'));
  target.on('unhandledRejection', record('unhandledRejection'));
}
