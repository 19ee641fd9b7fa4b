import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';

type SchemaEngineClass = typeof SchemaEngine;

// Node has WebAssembly; the project's lib settings (ES2023, no DOM) do not declare it.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

// wasm-bindgen keeps module-level state, so the engine module is instantiated once per process.
let engineClass: Promise<SchemaEngineClass> | undefined;

/**
 * Prisma's own schema engine (the Rust code behind `prisma migrate`), compiled to WebAssembly and driven through a
 * driver adapter. The Prisma 7 CLI only drives the native binary, which it downloads on first use; this build ships
 * on npm, so migrations run with no network. Loaded the way @prisma/internals' WasmSchemaEngineLoader does it.
 */
function loadSchemaEngine(): Promise<SchemaEngineClass> {
  engineClass ??= instantiate();
  return engineClass;
}

/** The engine's table and enum filters: none (every table of the schema is the project's own). */
export const NO_FILTER = { externalTables: [], externalEnums: [] };

/**
 * Runs `work` with a schema engine connected to `databaseUrl` through a pool of `connections`, then frees the engine
 * and closes the pool, whether the work succeeds or throws.
 */
export async function withSchemaEngine<T>(databaseUrl: string, connections: number, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const Engine = await loadSchemaEngine();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
    const engine = await Engine.new({ datamodels: undefined }, () => undefined, adapter);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

async function instantiate(): Promise<SchemaEngineClass> {
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports['__wbindgen_start'] as () => void)();
  return glue.SchemaEngine;
}
