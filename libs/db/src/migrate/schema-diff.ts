import { NO_FILTER, withSchemaEngine } from './schema-engine';

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
  return withSchemaEngine(databaseUrl, 1, async (engine) => {
    const result = await engine.diff({
      from: from ? { tag: 'schemaDatamodel', files: [from] } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [to] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return result.stdout ?? '';
  });
}

/** True when a diff script has no statements (the engine then writes only a comment). */
export function isEmptyMigration(script: string): boolean {
  return script
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}
