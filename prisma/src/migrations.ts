// Migrations through the WebAssembly schema engine. `applyMigrations` does what
// `prisma migrate deploy` does, including the `_prisma_migrations` bookkeeping, so databases
// stay compatible with the Prisma CLI and its native engine.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { describeEngineError, withSchemaEngine } from './schema-engine';
import type { Service } from './services';

/** `prisma/<service>/`, the same from `src/` (tests, tsx) and `dist/` (built code). */
export function serviceDirectory(service: Service): string {
  return path.resolve(__dirname, '..', service);
}

export function migrationsDirectory(service: Service): string {
  return path.join(serviceDirectory(service), 'migrations');
}

/** Reads `prisma/<service>/migrations` as the engine expects it, in name (timestamp) order. */
export async function readMigrations(service: Service): Promise<MigrationList> {
  const baseDir = migrationsDirectory(service);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: await readFile(path.join(baseDir, name, 'migration.sql'), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: Error) => ({ tag: 'error' as const, value: error.message }),
        ),
      },
    })),
  );
  const lockfilePath = path.join(baseDir, 'migration_lock.toml');
  return {
    baseDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: await readFile(lockfilePath, 'utf8').catch(() => null),
    },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Applies the service's pending migrations to `databaseUrl` (which must exist) and returns the
 * names of those applied; an up-to-date database gives `[]`.
 */
export async function applyMigrations(service: Service, databaseUrl: string): Promise<string[]> {
  const migrationsList = await readMigrations(service);
  try {
    const { appliedMigrationNames } = await withSchemaEngine(databaseUrl, undefined, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
    );
    return appliedMigrationNames;
  } catch (error) {
    throw new Error(`applying the ${service} migrations failed: ${describeEngineError(error)}`, {
      cause: error,
    });
  }
}

export async function readSchema(service: Service): Promise<string> {
  return readFile(path.join(serviceDirectory(service), 'schema.prisma'), 'utf8');
}

export interface DiffOptions {
  /**
   * The starting point: `'migrations'` (default) replays the migrations directory in a
   * temporary shadow database, which the adapter creates on the server of `databaseUrl` and
   * drops afterwards; `'empty'` starts from an empty database (for an initial migration).
   */
  from?: 'migrations' | 'empty';
}

/**
 * The SQL script that takes the database from `from` to the service's current `schema.prisma`,
 * or `null` when there is nothing to change. `databaseUrl` is only used to reach a server for
 * the shadow database; it is not modified.
 */
export async function diffToSql(
  service: Service,
  databaseUrl: string,
  { from = 'migrations' }: DiffOptions = {},
): Promise<string | null> {
  const schema = {
    path: path.join(serviceDirectory(service), 'schema.prisma'),
    content: await readSchema(service),
  };
  const migrations = from === 'migrations' ? await readMigrations(service) : undefined;
  // No migrations yet is the same as an empty database, and needs no shadow database.
  const source = migrations?.migrationDirectories.length
    ? { tag: 'migrations' as const, ...migrations }
    : { tag: 'empty' as const };
  try {
    const result = await withSchemaEngine(databaseUrl, [[schema.path, schema.content]], (engine) =>
      engine.diff({
        from: source,
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        // Makes the engine report "changes" (2) or "no changes" (0) in exitCode.
        exitCode: true,
        filters: NO_FILTERS,
      }),
    );
    return result.exitCode === 2 ? (result.stdout ?? '') : null;
  } catch (error) {
    throw new Error(`diffing the ${service} schema failed: ${describeEngineError(error)}`, {
      cause: error,
    });
  }
}
