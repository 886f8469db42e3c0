import { join } from 'node:path';
import { nodeProcess, type Readiness, type ServiceProcess } from '@commerce/testing';
import { REPO_ROOT } from './config';

/**
 * An app of the repo run from its source as its own process, the way `npm start` runs it,
 * with exactly the environment given (plus PATH). Its output is kept for failures (`logs`).
 */
export function repoProcess(
  app: string,
  env: Record<string, string>,
  ready: Readiness,
  startTimeoutMs?: number,
): ServiceProcess {
  return nodeProcess({
    name: app,
    // `node --import tsx`, not the tsx CLI: the CLI runs the service in a grandchild that
    // a SIGKILL to the CLI would orphan.
    nodeArgs: ['--import', 'tsx'],
    script: join(REPO_ROOT, 'apps', app, 'src', 'index.ts'),
    cwd: REPO_ROOT,
    env,
    ready,
    ...(startTimeoutMs ? { startTimeoutMs } : {}),
  });
}
