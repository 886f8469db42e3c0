// For the Prisma CLI (`prisma migrate deploy|dev --config reviews/prisma.config.ts`) on machines
// that can download its native schema engine. Paths are relative to this file.
import { defineConfig } from 'prisma/config';
import { databaseUrlFromEnv } from '../src/services';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: databaseUrlFromEnv('reviews') },
});
