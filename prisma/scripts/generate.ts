// `npm run db:generate` (turbo's `generate`): one Prisma client per service, into src/generated.
// The Prisma CLI insists on a schema engine binary it cannot download here, although generate
// never runs it: any existing executable (node itself) satisfies the check.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVICES } from '../src/services';
import { run } from './cli';

const execFileAsync = promisify(execFile);
const prismaCli = require.resolve('prisma/build/index.js');
const packageDir = path.resolve(__dirname, '..');

run(async () => {
  const started = Date.now();
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  };
  await Promise.all(
    SERVICES.map(async (service) => {
      try {
        await execFileAsync(
          process.execPath,
          [prismaCli, 'generate', '--config', `${service}/prisma.config.ts`],
          {
            cwd: packageDir,
            env,
          },
        );
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        throw new Error(`prisma generate failed for ${service}:\n${stdout}${stderr}`, {
          cause: error,
        });
      }
    }),
  );
  console.log(`generated Prisma clients (${SERVICES.join(', ')}) in ${Date.now() - started} ms`);
});
