import type { PrismaClient } from './generated/client';

const FILTERED = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);
const CREATES = new Set(['create', 'createMany', 'createManyAndReturn', 'upsert']);

export class WorkspaceScopeError extends Error {
  override name = 'WorkspaceScopeError';
}

interface Operation {
  args: unknown;
  operation: string;
  query: (args: never) => Promise<unknown>;
}

/**
 * A Prisma client that can only see and change one workspace's rows: every read, update and delete of a dataset, run,
 * schedule or saved model (and of series, uploads, run models and forecasts, through their parent) is filtered by the
 * workspace, and a create naming another workspace is refused. Services use it for every request, so access is
 * enforced where data is read and written, not only in controllers: another workspace's row is simply not found.
 * Children are created under a parent the caller has read through this client.
 */
export function forWorkspace(prisma: PrismaClient, workspaceId: string): PrismaClient {
  const scope = (filter: object, owned: boolean) => ({
    $allOperations({ args, operation, query }: Operation) {
      const next = { ...(args as Record<string, unknown>) };
      if (FILTERED.has(operation)) next.where = withinScope(next.where as Record<string, unknown> | undefined, filter);
      if (owned && CREATES.has(operation)) {
        const data = operation === 'upsert' ? [next.create] : [next.data].flat();
        if (data.some((row) => (row as { workspaceId?: string }).workspaceId !== workspaceId)) {
          throw new WorkspaceScopeError(`A ${operation} outside workspace ${workspaceId} was refused.`);
        }
      }
      return query(next as never);
    },
  });
  const own = scope({ workspaceId }, true);
  // A query-only extension changes no types, so the scoped client is typed as the plain one: services and repositories
  // take either without knowing which.
  return prisma.$extends({
    name: 'workspace-scope',
    query: {
      dataset: own,
      run: own,
      schedule: own,
      trainedModel: own,
      driftCheck: own,
      series: scope({ dataset: { workspaceId } }, false),
      datasetUpload: scope({ dataset: { workspaceId } }, false),
      runModel: scope({ run: { workspaceId } }, false),
      forecast: scope({ runModel: { run: { workspaceId } } }, false),
      forecastScore: scope({ forecastRow: { runModel: { run: { workspaceId } } } }, false),
    },
  }) as unknown as PrismaClient;
}

/**
 * The caller's `where` AND the scope's filter. Added as one more `AND` term, never merged key by key: the scope filters
 * through a relation the caller may filter on too (`runModel: { runId }`), and a merge would drop the caller's filter.
 * The caller's own keys stay at the top level, where unique operations (findUnique, update, delete) look for them.
 */
function withinScope(where: Record<string, unknown> | undefined, filter: object): Record<string, unknown> {
  const and = where?.AND === undefined ? [] : [where.AND].flat();
  return { ...where, AND: [...and, filter] };
}
