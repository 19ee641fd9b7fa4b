import {
  Global,
  Inject,
  Injectable,
  Module,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import { QUEUES } from '@foretell/contracts';
import type { QueueEvents } from '@foretell/queue';
import type { RequestWithActor } from '../auth/actor';
import { API_ENV, type ApiEnv } from '../env';
import { InjectQueueEvents } from './infra.module';

/** Bytes of cached JSON kept at most; the oldest entries go first. */
const MAX_BYTES = 64 * 1024 * 1024;
/** An entry past its time is still served while one request refreshes it, up to this many times READ_CACHE_MS old. */
const STALE_FACTOR = 5;

/** A handler marks an answer that may still change (a run going on) with this Cache-Control: it is not kept. */
export const NO_STORE = 'no-store';

interface Entry {
  workspaceId: string;
  json: string;
  /** Computed once here: Express would otherwise hash every response body it sends again. */
  etag: string;
  stored: number;
}

/**
 * The hot reads (a run's leaderboard, a series, its forecasts) serialised once and served from memory for a moment:
 * dashboards and scripts poll them, and under load most requests then cost no query. Entries are per workspace and
 * URL, so nothing crosses workspaces; a write by a workspace drops its entries in this process at once, and other API
 * processes see a change within READ_CACHE_MS (0 turns the cache off). What workers change is announced by queue
 * events: a saved fit, an ended run or a landed upload drops the entries naming it in every API process
 * (`ReadCacheInvalidation`). Concurrent misses of one URL share one query, and an expired entry is served while a
 * single request refreshes it, so expiry never stalls a burst of readers.
 */
@Injectable()
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private bytes = 0;
  /** Bumped by every invalidation: a load that started before one does not store what it read. */
  private generation = 0;

  constructor(@Inject(API_ENV) private readonly env: ApiEnv) {}

  get enabled(): boolean {
    return this.env.READ_CACHE_MS > 0;
  }

  /** The entry to answer with now, and whether it should be refreshed (stale, or missing: then `entry` is null). */
  lookup(key: string): { entry: Entry | null; refresh: boolean } {
    const entry = this.entries.get(key);
    const age = entry ? Date.now() - entry.stored : Infinity;
    if (age <= this.env.READ_CACHE_MS) return { entry: entry!, refresh: false };
    return { entry: age <= this.env.READ_CACHE_MS * STALE_FACTOR ? entry! : null, refresh: true };
  }

  /** Runs `read` once per key at a time and keeps its JSON when `keep` accepts the value. */
  load(key: string, workspaceId: string, read: () => Promise<unknown>, keep: (value: unknown) => boolean): Promise<Entry> {
    let loading = this.loading.get(key);
    if (!loading) {
      const generation = this.generation;
      loading = read()
        .then((value) => {
          const json = JSON.stringify(value);
          const entry = { workspaceId, json, etag: `W/"${createHash('sha1').update(json).digest('base64url')}"`, stored: Date.now() };
          if (generation === this.generation && keep(value)) this.remember(key, entry);
          return entry;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    return loading;
  }

  forgetWorkspace(workspaceId: string): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (entry.workspaceId === workspaceId) this.drop(key);
  }

  /** Drops every entry whose URL names `id` (a run, a dataset), whatever the workspace; all of them without one. */
  forgetMentions(id?: string): void {
    this.generation++;
    for (const key of this.entries.keys()) if (!id || key.includes(id)) this.drop(key);
  }

  /** Express middleware: a successful write by a workspace drops that workspace's entries in this process. */
  forgetAfterWrites() {
    return (req: Request & RequestWithActor, res: Response, next: () => void) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.on('finish', () => {
          if (req.actor && res.statusCode < 400) this.forgetWorkspace(req.actor.workspaceId);
        });
      }
      next();
    };
  }

  private remember(key: string, entry: Entry): void {
    this.drop(key);
    this.entries.set(key, entry);
    this.bytes += entry.json.length;
    for (const [oldest] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.json.length;
    this.entries.delete(key);
  }
}

/** Serves a route from the ReadCache (see `CachedRead`). */
@Injectable()
export class ReadCacheInterceptor implements NestInterceptor {
  constructor(private readonly cache: ReadCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & RequestWithActor>();
    const workspaceId = req.actor?.workspaceId;
    if (!workspaceId || !this.cache.enabled) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const send = (entry: Entry) => {
      res.type('application/json').setHeader('ETag', entry.etag);
      return entry.json;
    };
    const key = `${workspaceId} ${req.originalUrl}`;
    // Data the workers are still writing is visible before the event that would drop it: such answers are not kept.
    const load = () => this.cache.load(key, workspaceId, () => lastValueFrom(next.handle()), () => res.getHeader('Cache-Control') !== NO_STORE);
    const { entry, refresh } = this.cache.lookup(key);
    if (!refresh) return of(send(entry!));
    if (entry) {
      void load().catch(() => undefined); // the next reader gets the refreshed entry; a failure leaves it to expire
      return of(send(entry));
    }
    return from(load().then(send));
  }
}

/**
 * Cache this GET's JSON for READ_CACHE_MS, per workspace and URL, unless the handler answers with
 * `Cache-Control: no-store`. Per route, not global: any interceptor on a server-sent-events route would make Nest
 * answer 200 before the handler could refuse the request.
 */
export const CachedRead = () => UseInterceptors(ReadCacheInterceptor);

/** Listens to the workers' queue events and drops what they made stale. */
@Injectable()
export class ReadCacheInvalidation {
  constructor(
    cache: ReadCache,
    @InjectQueueEvents(QUEUES.runs) runs: QueueEvents,
    @InjectQueueEvents(QUEUES.modelFits) fits: QueueEvents,
    @InjectQueueEvents(QUEUES.ingest) ingest: QueueEvents,
  ) {
    // A run's parent job (its id is the run's) ends after every model and the ranking are written.
    runs.on('completed', ({ jobId }) => cache.forgetMentions(jobId));
    runs.on('failed', ({ jobId }) => cache.forgetMentions(jobId));
    // A fit's forecasts are saved when its job completes; its result names the run.
    fits.on('completed', ({ returnvalue }) => cache.forgetMentions(runIdOf(returnvalue)));
    // Uploads are rare: one that lands (rows appended) drops everything.
    ingest.on('completed', () => cache.forgetMentions());
  }
}

/** The run a fit job's result names (`{ runId, runModelId }`); undefined drops everything, which is always safe. */
function runIdOf(returnvalue: unknown): string | undefined {
  try {
    const value = typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue;
    return typeof value?.runId === 'string' ? value.runId : undefined;
  } catch {
    return undefined;
  }
}

/** The read cache, its interceptor (which `@CachedRead()` routes of any feature resolve) and its invalidation. */
@Global()
@Module({ providers: [ReadCache, ReadCacheInterceptor, ReadCacheInvalidation], exports: [ReadCache, ReadCacheInterceptor] })
export class ReadCacheModule {}
