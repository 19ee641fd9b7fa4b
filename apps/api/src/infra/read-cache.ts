import {
  applyDecorators,
  Inject,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import type { RequestWithActor } from '../auth/actor';
import type { QueueEvents } from '@foretell/queue';
import { API_ENV, type ApiEnv } from '../env';
import { INGEST_EVENTS, MODEL_FIT_EVENTS, RUN_EVENTS } from './infra.module';

const CACHE_IF = 'foretell:cache-if';

/**
 * Cache this GET's JSON for READ_CACHE_MS, per workspace and URL — only answers `cacheIf` accepts, when given (a run
 * still going changes without any event this cache hears of). Per route, not global: any interceptor on a
 * server-sent-events route would make Nest answer 200 before the handler could refuse the request.
 */
export const CachedRead = <T>(cacheIf?: (value: T) => boolean) =>
  applyDecorators(SetMetadata(CACHE_IF, cacheIf), UseInterceptors(ReadCacheInterceptor));

/** Bytes of cached JSON kept at most; the oldest entries go first. */
const MAX_BYTES = 64 * 1024 * 1024;
/** An entry past its time is still served while one request refreshes it, up to this many times READ_CACHE_MS old. */
const STALE_FACTOR = 5;

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
 * events: a run that ends or an upload that lands drops the entries naming it in every API process (see
 * `ReadCacheInvalidation`), so a finished run is never shown as running. Concurrent misses of one URL share one
 * query, and an expired entry is served while a single request refreshes it, so expiry never stalls a burst of readers.
 */
@Injectable()
export class ReadCacheInterceptor implements NestInterceptor {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private bytes = 0;
  /** Bumped by every invalidation: a load that started before one does not store what it read. */
  private generation = 0;

  constructor(
    @Inject(API_ENV) private readonly env: ApiEnv,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & RequestWithActor>();
    const workspaceId = req.actor?.workspaceId;
    if (!workspaceId || this.env.READ_CACHE_MS === 0) return next.handle();

    const res = context.switchToHttp().getResponse<Response>();
    const send = (entry: Entry) => {
      res.type('application/json').setHeader('ETag', entry.etag);
      return entry.json;
    };
    const key = `${workspaceId} ${req.originalUrl}`;
    const hit = this.entries.get(key);
    const age = hit ? Date.now() - hit.stored : Infinity;
    if (age <= this.env.READ_CACHE_MS) return of(send(hit!));
    const cacheIf = this.reflector.get<((value: unknown) => boolean) | undefined>(CACHE_IF, context.getHandler());
    const load = () => this.load(key, workspaceId, next, cacheIf);
    if (age <= this.env.READ_CACHE_MS * STALE_FACTOR) {
      void load().catch(() => undefined); // the next reader gets the refreshed entry; a failure leaves it to expire
      return of(send(hit!));
    }
    return from(load().then(send));
  }

  /** Runs the handler once per key at a time and keeps its JSON. */
  private load(key: string, workspaceId: string, next: CallHandler, cacheIf?: (value: unknown) => boolean): Promise<Entry> {
    let loading = this.loading.get(key);
    if (!loading) {
      const generation = this.generation;
      loading = lastValueFrom(next.handle())
        .then((value: unknown) => {
          const json = JSON.stringify(value);
          const entry = { workspaceId, json, etag: `W/"${createHash('sha1').update(json).digest('base64url')}"`, stored: Date.now() };
          if (generation === this.generation && (!cacheIf || cacheIf(value))) this.remember(key, entry);
          return entry;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    return loading;
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

  /** Express middleware: a successful write by a workspace drops that workspace's entries in this process. */
  forgetAfterWrites() {
    return (req: Request & RequestWithActor, res: Response, next: () => void) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.on('finish', () => {
          if (req.actor && res.statusCode < 400) this.forget(req.actor.workspaceId);
        });
      }
      next();
    };
  }

  private forget(workspaceId: string): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (entry.workspaceId === workspaceId) this.drop(key);
  }

  /** Drops every entry whose URL names `id` (a run, a dataset), whatever the workspace; all of them without one. */
  forgetMentions(id?: string): void {
    this.generation++;
    for (const key of this.entries.keys()) if (!id || key.includes(id)) this.drop(key);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.json.length;
    this.entries.delete(key);
  }
}

/** Listens to the workers' queue events and drops what they made stale (see ReadCacheInterceptor). */
@Injectable()
export class ReadCacheInvalidation {
  constructor(
    cache: ReadCacheInterceptor,
    @Inject(RUN_EVENTS) runs: QueueEvents,
    @Inject(MODEL_FIT_EVENTS) fits: QueueEvents,
    @Inject(INGEST_EVENTS) ingest: QueueEvents,
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
