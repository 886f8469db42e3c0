// `npm run db:migrate`: creates each service's database if missing and applies its migrations.
import { ensureDatabase, redactUrl } from '../src/databases';
import { applyMigrations } from '../src/migrations';
import { databaseUrlFromEnv, SERVICES } from '../src/services';
import { run } from './cli';

run(async () => {
  for (const service of SERVICES) {
    const url = databaseUrlFromEnv(service);
    try {
      await ensureDatabase(url);
      const applied = await applyMigrations(service, url);
      const count = applied.length;
      console.log(
        `${service}: ${count ? `${count} migration${count === 1 ? '' : 's'} applied` : 'up to date'}`,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${service} database (${redactUrl(url)}): ${reason}`, { cause: error });
    }
  }
});
