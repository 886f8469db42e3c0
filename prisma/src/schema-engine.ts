// Prisma's schema engine compiled to WebAssembly, driven through the pg driver adapter: the
// native engine the Prisma CLI downloads cannot be fetched here.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runInThisContext } from 'node:vm';
import type * as PgAdapter from '@prisma/adapter-pg';
import type * as AdapterUtils from '@prisma/driver-adapter-utils';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlResultSet,
} from '@prisma/driver-adapter-utils';
import type * as Pg from 'pg';
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { quoteIdentifier, withDatabaseName, withMaintenanceClient } from './databases';

type SchemaEngineModule = typeof SchemaEngineWasm;

// The engine's glue module is ESM (Node 20.19+ requires it natively) and its `.wasm` import is
// instantiated by hand below. Everything the engine touches is loaded through Node's own
// require, also under jest: jest's registry cannot require ESM on Node 20, the glue module keeps
// the wasm instance in module state that outlives one test file, and the adapter's promises
// must come from the same realm as the glue code that awaits them.
const hostGlobal = runInThisContext('globalThis') as typeof globalThis & {
  PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry;
};

/**
 * Node's own `require`. Inside a jest sandbox, `require`, `module.createRequire` and
 * `process.getBuiltinModule` all go through jest's registry; `vm.runInThisContext` evaluates in
 * Node's main context, whose `process` is the real one.
 */
const nativeRequire = hostGlobal.process.getBuiltinModule('node:module').createRequire(__filename);

const ENGINE_GLUE = '@prisma/schema-engine-wasm/schema_engine_bg';

type WasmImports = Record<string, unknown>;

/** The part of the WebAssembly API used here (its types come with lib "dom", not in this project). */
interface WebAssemblyApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, WasmImports>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

const { WebAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

let engineModule: Promise<SchemaEngineModule> | undefined;

function loadSchemaEngine(): Promise<SchemaEngineModule> {
  engineModule ??= instantiateSchemaEngine().catch((error: unknown) => {
    engineModule = undefined;
    throw error;
  });
  return engineModule;
}

/**
 * Where the engine's panic hook writes the panic message before it aborts; the glue code reads
 * it from Node's own global (not jest's), and crashes on a panic if it is missing.
 */
interface PanicRegistry {
  lastMessage?: string;
  set_message(message: string): void;
}

function panicRegistry(): PanicRegistry {
  hostGlobal.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      this.lastMessage = message;
    },
  };
  return hostGlobal.PRISMA_WASM_PANIC_REGISTRY;
}

async function instantiateSchemaEngine(): Promise<SchemaEngineModule> {
  panicRegistry();
  const glue = nativeRequire(ENGINE_GLUE) as SchemaEngineModule;
  if (isInstantiated(glue)) return glue;
  const wasmPath = path.join(
    path.dirname(nativeRequire.resolve(ENGINE_GLUE)),
    'schema_engine_bg.wasm',
  );
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
    './schema_engine_bg.js': withUnrefTimers(glue),
  });
  // Another jest module registry in this process may have won the race meanwhile.
  if (isInstantiated(glue)) return glue;
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/**
 * The engine arms timers (timeouts raced against its operations) and never clears them, which
 * kept every process alive ~10 s after its last migration. Unref'd, they no longer hold the
 * process open; while an operation runs, its open connections do.
 */
function withUnrefTimers(glue: SchemaEngineModule): WasmImports {
  const imports: WasmImports = { ...glue };
  for (const [name, value] of Object.entries(imports)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    imports[name] = (...args: unknown[]): unknown => {
      const timer = (value as (...a: unknown[]) => unknown)(...args);
      (timer as { unref?: () => void } | undefined)?.unref?.();
      return timer;
    };
  }
  return imports;
}

/** The glue module is shared by the whole process; `version()` throws until its wasm is set. */
function isInstantiated(glue: SchemaEngineModule): boolean {
  try {
    glue.version();
    return true;
  } catch {
    return false;
  }
}

/** The schema engine's version (the prisma-engines commit it was built from). */
export async function schemaEngineVersion(): Promise<string> {
  return (await loadSchemaEngine()).version();
}

const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * The catalog type `"char"` (OID 18, e.g. `pg_constraint.contype`, which the engine reads to
 * describe a schema) is rejected by adapter-pg 7.10 ("Column type 'char' could not be
 * deserialized"), and the engine reads it as a `Character` column. This pool reports such
 * columns as text to the adapter and remembers them, by the result's rows array, so that
 * `markCharacterColumns` can give them the column type the engine expects.
 */
function characterColumnSupport(pg: typeof Pg, { ColumnTypeEnum }: typeof AdapterUtils) {
  const characterColumns = new WeakMap<unknown[], number[]>();
  const reportCharAsText = (result: Pg.QueryResult): Pg.QueryResult => {
    const indexes: number[] = [];
    (result.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      indexes.push(index);
    });
    if (indexes.length > 0) characterColumns.set(result.rows, indexes);
    return result;
  };

  class CharacterAwarePool extends pg.Pool {
    override query(...args: unknown[]): never {
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      const isPromise = typeof (result as Promise<unknown> | undefined)?.then === 'function';
      return (
        isPromise ? (result as Promise<Pg.QueryResult>).then(reportCharAsText) : result
      ) as never;
    }
  }

  function markCharacterColumns(resultSet: SqlResultSet): SqlResultSet {
    for (const index of characterColumns.get(resultSet.rows) ?? []) {
      resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return resultSet;
  }

  return { Pool: CharacterAwarePool, markCharacterColumns };
}

/**
 * The adapter factory the engine connects through. It differs from `new PrismaPg(url)` in four
 * ways, each working around adapter-pg 7.10:
 * - `"char"` columns are read (see `characterColumnSupport`);
 * - a script runs as one multi-statement query, as with the native engine; adapter-pg splits it
 *   on every `;`, which breaks `$$` function bodies and runs the pieces on any pooled connection;
 * - the shadow database's pool connects to the shadow database; adapter-pg's keeps the original
 *   URL's database when that is given as a connection string, so "shadow" migrations ran in the
 *   real database;
 * - `close()` ends every pool and drops every shadow database, whatever the engine disposed.
 */
function createAdapterFactory(databaseUrl: string) {
  const pg = nativeRequire('pg') as typeof Pg;
  const { PrismaPg } = nativeRequire('@prisma/adapter-pg') as typeof PgAdapter;
  const adapterUtils = nativeRequire('@prisma/driver-adapter-utils') as typeof AdapterUtils;
  const { Pool, markCharacterColumns } = characterColumnSupport(pg, adapterUtils);
  const pools: Pg.Pool[] = [];
  const shadowDatabases: string[] = [];

  async function connect(connectionString: string): Promise<SqlDriverAdapter> {
    const pool = new Pool({ connectionString, max: 2 });
    pool.on('error', () => undefined);
    pools.push(pool);
    const adapter = await new PrismaPg(pool).connect();
    const runAsOneQuery = async (script: string): Promise<void> => {
      try {
        await pool.query(script);
      } catch (error) {
        // Converts the pg error into the driver adapter error the engine understands.
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    adapter.executeScript = runAsOneQuery;
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (query) => markCharacterColumns(await queryRaw(query));
    return adapter;
  }

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connect(databaseUrl),
    async connectToShadowDb() {
      const name = `prisma_shadow_${randomBytes(6).toString('hex')}`;
      await withMaintenanceClient(databaseUrl, (client) =>
        client.query(`CREATE DATABASE ${quoteIdentifier(name)}`),
      );
      shadowDatabases.push(name);
      return connect(withDatabaseName(databaseUrl, name));
    },
  };

  async function close(): Promise<void> {
    await Promise.allSettled(pools.map((pool) => pool.end()));
    if (shadowDatabases.length === 0) return;
    await withMaintenanceClient(databaseUrl, async (client) => {
      for (const name of shadowDatabases) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      }
    });
  }

  return { factory: adapterUtils.bindMigrationAwareSqlAdapterFactory(factory), close };
}

/**
 * Runs `use` with a schema engine connected to `databaseUrl` (and, if the command needs one, to a
 * temporary shadow database on the same server), then frees the engine and its connections.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schemaFiles: [path: string, content: string][] | undefined,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadSchemaEngine();
  const adapter = createAdapterFactory(databaseUrl);
  const ignoreEngineLogs = (): void => undefined;
  try {
    const engine = await SchemaEngine.new(
      { datamodels: schemaFiles },
      ignoreEngineLogs,
      adapter.factory,
    );
    try {
      return await use(engine);
    } finally {
      engine.free();
    }
  } finally {
    await adapter.close();
  }
}

/** The engine's errors come from Node's realm, not jest's: no `instanceof` here. */
export function describeEngineError(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? `${error.code} ` : '';
  const registry = panicRegistry();
  const panic = registry.lastMessage ? ` (engine panic: ${registry.lastMessage})` : '';
  registry.lastMessage = undefined;
  return `${code}${String(error.message)}${panic}`;
}
