import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
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
        return {
          method: METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number]!,
          path,
          public: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)),
          minRole: Reflect.getMetadata(MIN_ROLE, handler) as Role | undefined,
          query: queryNames(controller, name),
        };
      });
  });
}

/** The keys of the zod object a handler's @Query({ schema }) validates, read from Nest's parameter metadata. */
function queryNames(controller: object, handler: string): string[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { schema?: { shape?: object } }>;
  return Object.entries(args)
    .filter(([key]) => key.split(':')[0] === String(RouteParamtypes.QUERY))
    .flatMap(([, arg]) => Object.keys(arg.schema?.shape ?? {}));
}
