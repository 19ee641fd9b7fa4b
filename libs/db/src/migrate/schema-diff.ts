import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

import { loadSchemaEngine } from './schema-engine';

export interface SchemaFile {
  /** Shown in the engine's validation errors. */
  path: string;
  content: string;
}

/**
 * The SQL that takes a database from one Prisma schema to another, as `prisma migrate diff --from-schema A
 * --to-schema B --script` (or `--from-empty`) prints it. The engine connects to `databaseUrl` when it starts (the
 * adapter is how it learns the server), but a schema-to-schema diff reads and writes nothing there.
 */
export async function diffSchemas(from: SchemaFile | null, to: SchemaFile, databaseUrl: string): Promise<string> {
  const SchemaEngine = await loadSchemaEngine();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
    const engine = await SchemaEngine.new({ datamodels: undefined }, () => undefined, adapter);
    try {
      const result = await engine.diff({
        from: from ? { tag: 'schemaDatamodel', files: [from] } : { tag: 'empty' },
        to: { tag: 'schemaDatamodel', files: [to] },
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      });
      return result.stdout ?? '';
    } finally {
      engine.free();
    }
  } finally {
    await pool.end();
  }
}

/** True when a diff script has no statements (the engine then writes only a comment). */
export function isEmptyMigration(script: string): boolean {
  return script
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}
