export {
  SERVICES,
  DATABASE_URL_VARIABLES,
  defaultDatabaseUrl,
  databaseUrlFromEnv,
  isService,
} from './services';
export type { Service } from './services';
export {
  ensureDatabase,
  databaseName,
  withDatabaseName,
  maintenanceUrl,
  redactUrl,
  quoteIdentifier,
  withMaintenanceClient,
} from './databases';
export { applyMigrations, diffToSql, readMigrations, migrationsDirectory } from './migrations';
export type { DiffOptions } from './migrations';
export { schemaEngineVersion } from './schema-engine';
