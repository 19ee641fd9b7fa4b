import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Type } from '@nestjs/common';
import type { Role } from '@foretell/contracts';
import { FEATURE_MODULES } from '../app.module';
import { IS_PUBLIC, MIN_ROLE } from '../auth/actor';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
export const WRITES = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export interface Route {
  method: string;
  path: string;
  public: boolean;
  minRole: Role | undefined;
  /** The query parameters its schema names (so probes can send them hostile values). */
  query: string[];
  /** The zod object its @Query validates with, if any. */
  querySchema: object | undefined;
  /** Its success status: @HttpCode's, else Nest's default (201 for POST, 200 otherwise). */
  status: number;
}

/** Every route the API serves, read from the controllers' decorators, so a new endpoint cannot skip the checks. */
export function routes(): Route[] {
  const controllers = FEATURE_MODULES.flatMap((feature) => (Reflect.getMetadata('controllers', feature) ?? []) as Type[]);
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto)
      .filter((name) => name !== 'constructor' && Reflect.hasMetadata(METHOD_METADATA, proto[name] as object))
      .map((name) => {
        const handler = proto[name] as object;
        const path = [base, String(Reflect.getMetadata(PATH_METADATA, handler))].filter((p) => p && p !== '/').join('/');
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number]!;
        const querySchema = querySchemaOf(controller, name);
        return {
          method,
          path,
          public: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)),
          minRole: Reflect.getMetadata(MIN_ROLE, handler) as Role | undefined,
          query: Object.keys(querySchema?.shape ?? {}),
          querySchema,
          status: (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'POST' ? 201 : 200),
        };
      });
  });
}

/** The zod object a handler's @Query({ schema }) validates, read from Nest's parameter metadata. */
function querySchemaOf(controller: object, handler: string): { shape?: object } | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { schema?: { shape?: object } }>;
  return Object.entries(args).find(([key]) => key.split(':')[0] === String(RouteParamtypes.QUERY))?.[1].schema;
}
