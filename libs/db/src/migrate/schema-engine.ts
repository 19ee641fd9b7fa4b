import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { SchemaEngine } from '@prisma/schema-engine-wasm';

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
export function loadSchemaEngine(): Promise<SchemaEngineClass> {
  engineClass ??= instantiate();
  return engineClass;
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
