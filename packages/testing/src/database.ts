import { createHash, randomBytes } from 'node:crypto';
import {
  applyMigrations,
  databaseUrlFromEnv,
  quoteIdentifier,
  readMigrations,
  type Service,
  withDatabaseName,
  withMaintenanceClient,
} from '@commerce/db';

export interface TestDatabase {
  /** The database's name, `test_<service>_<hex>`. */
  name: string;
  url: string;
  /** Ends every connection to the database and drops it. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Any URL on the server to use; default: the service's `<SERVICE>_DATABASE_URL` or local default. */
  serverUrl?: string;
}

const OBJECT_IN_USE = '55006';
const templates = new Map<string, Promise<string>>();

/**
 * A fresh database with the service's migrations applied. It is cloned from a template database
 * migrated once per version of the migrations (`tmpl_<service>_<hash>`), which takes a few
 * milliseconds where migrating takes a few hundred.
 */
export async function createTestDatabase(
  service: Service,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? databaseUrlFromEnv(service);
  const template = await ensureTemplate(service, serverUrl);
  const name = `test_${service}_${randomBytes(6).toString('hex')}`;
  await withMaintenanceClient(serverUrl, (client) =>
    retryWhileInUse(() =>
      client.query(
        `CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`,
      ),
    ),
  );
  return {
    name,
    url: withDatabaseName(serverUrl, name),
    drop: () =>
      withMaintenanceClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      }),
  };
}

function ensureTemplate(service: Service, serverUrl: string): Promise<string> {
  const key = `${serverUrl} ${service}`;
  let template = templates.get(key);
  if (!template) {
    template = createTemplateOnce(service, serverUrl);
    template.catch(() => templates.delete(key));
    templates.set(key, template);
  }
  return template;
}

/** A digest of the migrations directory: a changed or added migration gives a new template. */
async function migrationsHash(service: Service): Promise<string> {
  const { migrationDirectories } = await readMigrations(service);
  const hash = createHash('sha256');
  for (const { path, migrationFile } of migrationDirectories) {
    hash.update(`${path}\0${migrationFile.content.value}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Creates `tmpl_<service>_<hash>` unless it exists. Jest workers (and parallel runs) race for it,
 * so creation holds an advisory lock; the template is migrated under a temporary name and
 * renamed when complete, so a crashed run never leaves a half-migrated template behind.
 */
async function createTemplateOnce(service: Service, serverUrl: string): Promise<string> {
  const template = `tmpl_${service}_${await migrationsHash(service)}`;
  const building = `${template}_building`;
  await withMaintenanceClient(serverUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        template,
      ]);
      if (existing.rowCount) return;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${quoteIdentifier(building)}`);
      await applyMigrations(service, withDatabaseName(serverUrl, building));
      await retryWhileInUse(() =>
        client.query(
          `ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(template)}`,
        ),
      );
      // Nobody may connect to it: a connection would make cloning it fail.
      await client.query(
        `ALTER DATABASE ${quoteIdentifier(template)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`,
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  return template;
}

/** CREATE DATABASE ... TEMPLATE and RENAME fail while a closed session's backend is still exiting. */
async function retryWhileInUse<T>(operation: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
