/**
 * Runs the repo's Dockerfile without Docker (no engine on the developer machines):
 *
 *   npx tsx infra/docker/dry-run.ts [--build-arg KEY=VALUE ...] [--target STAGE] [--serve KEY=VALUE ...]
 *   e.g. --build-arg APP=users-subgraph --build-arg PORT=4001 --serve USERS_DATABASE_URL=...
 *
 * Each stage the target needs gets a folder standing in for its filesystem; the stages'
 * absolute paths (/repo, /app, ...) are mapped into it. A stage FROM another one starts
 * from that one's folder. COPY honours --from and .dockerignore, RUN runs with bash in the
 * mapped WORKDIR with the stage's ENV and build arguments, `npm install --global` becomes a
 * local install and `npm cache clean` is skipped (the machine's npm cache is not the image's).
 * With --serve, the last stage's CMD then starts (HOST=127.0.0.1, PORT free, plus the given
 * variables) and its HEALTHCHECK command must pass. It proves the paths, the build steps,
 * the production dependency set and the start command; not the base image itself.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseEnv, planBuild, type Step } from '../../packages/testing/src/dockerfile';
import { freePort } from '../../packages/testing/src/ports';

const ROOT = resolve(__dirname, '..', '..');
const DOCKERFILE = join(ROOT, 'Dockerfile');

/** .dockerignore patterns as a predicate over context-relative paths. */
function dockerignore(): (path: string) => boolean {
  const file = join(ROOT, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  const regexes = patterns.map((p) => {
    const source = p
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '(?:.*/)?')
      .replace(/\*/g, '[^/]*');
    return new RegExp(`^${source}(?:/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}

/** The values of every `flag KEY=VALUE` on the command line. */
function pairsAfter(argv: string[], flag: string): Record<string, string> {
  return parseEnv(argv.flatMap((arg, i) => (argv[i - 1] === flag ? [arg] : [])).join(' '));
}

async function main() {
  const argv = process.argv.slice(2);
  const target = argv[argv.indexOf('--target') + 1];
  const buildArgs = pairsAfter(argv, '--build-arg');
  const serveAt = argv.indexOf('--serve');
  const serveEnv = serveAt < 0 ? undefined : parseEnv(argv.slice(serveAt + 1).join(' '));
  const plan = planBuild(readFileSync(DOCKERFILE, 'utf8'), {
    buildArgs,
    ...(argv.includes('--target') && target ? { target } : {}),
  });
  const work = mkdtempSync(join(tmpdir(), 'dockerfile-dry-run-'));
  const ignored = dockerignore();
  const roots = new Map<string, string>();

  const rootOf = (stage: string) => roots.get(stage) ?? fail(`no stage ${stage}`);
  const inStage = (root: string, step: Step, path: string) =>
    join(root, path.startsWith('/') ? path : join(step.workdir, path));
  /** The stage's absolute paths, mapped into its folder, inside a shell command. */
  const mapPaths = (root: string, command: string) =>
    command.replace(/(^|[\s"'=])\/(repo|app|pruned|runtime|assets)(?=[/\s"']|$)/g, `$1${root}/$2`);

  for (const [index, stage] of plan.entries()) {
    const root = join(work, stage.name);
    if (stage.parent) {
      // The parent's folder as it stands; copied only if a later stage still reads it.
      const parentRoot = rootOf(stage.parent);
      const readLater = plan
        .slice(index + 1)
        .some(
          (s) =>
            s.parent === stage.parent ||
            s.steps.some(
              (step) => step.op === 'COPY' && step.line.includes(`--from=${stage.parent} `),
            ),
        );
      if (readLater) cpSync(parentRoot, root, { recursive: true, verbatimSymlinks: true });
      else execFileSync('mv', [parentRoot, root]);
    }
    mkdirSync(root, { recursive: true });
    roots.set(stage.name, root);
    console.log(`== stage ${stage.name} (${stage.parent ?? stage.image})`);
    for (const step of stage.steps) {
      const { op, line } = step;
      switch (op) {
        case 'WORKDIR':
          mkdirSync(inStage(root, step, step.workdir), { recursive: true });
          break;
        case 'COPY': {
          const parts = line.split(/\s+/);
          const from = parts[0]?.startsWith('--from=') ? parts.shift()!.slice(7) : undefined;
          const [src = '', dst = ''] = parts;
          const source = from ? inStage(rootOf(from), step, src) : join(ROOT, src);
          const target = inStage(root, step, dst);
          if (!existsSync(source)) throw new Error(`COPY ${line}: ${source} does not exist`);
          const intoFolder = dst.endsWith('/') || statSync(source).isDirectory();
          const destination =
            intoFolder && !statSync(source).isDirectory()
              ? join(target, src.split('/').pop()!)
              : target;
          mkdirSync(statSync(source).isDirectory() ? destination : dirname(destination), {
            recursive: true,
          });
          cpSync(source, destination, {
            recursive: true,
            verbatimSymlinks: true,
            filter: from ? undefined : (path) => !ignored(relative(ROOT, path)),
          });
          console.log(`   COPY ${line}`);
          break;
        }
        case 'RUN': {
          const global = join(root, '.global');
          const command = line
            .replace(/npm install --global/g, `npm install --prefix ${global}`)
            // The image's npm cache is its own; this machine's is shared and stays.
            .replace(/&& npm cache clean --force/g, '')
            .trim();
          console.log(`   RUN ${command.slice(0, 120)}${command.length > 120 ? '...' : ''}`);
          const started = Date.now();
          execFileSync('bash', ['-eo', 'pipefail', '-c', mapPaths(root, command)], {
            cwd: inStage(root, step, step.workdir),
            env: {
              ...process.env,
              ...step.args,
              ...step.env,
              PATH: `${join(global, 'node_modules', '.bin')}:${process.env['PATH']}`,
            },
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
          break;
        }
        case 'ENV':
        case 'CMD':
        case 'HEALTHCHECK':
        case 'USER':
        case 'EXPOSE':
          break;
        default:
          throw new Error(`unsupported instruction ${op}`);
      }
    }
  }

  const final = plan.at(-1)!;
  const last = final.steps.at(-1)!;
  const cmd = commandOf(final.steps, 'CMD');
  const healthcheck = commandOf(final.steps, 'HEALTHCHECK');
  if (serveEnv && cmd) {
    const port = String(await freePort());
    const env = {
      PATH: process.env['PATH'] ?? '',
      ...last.env,
      HOST: '127.0.0.1',
      PORT: port,
      ...serveEnv,
    };
    console.log(`== serve: ${cmd.join(' ')} on port ${port}`);
    const child = spawn(cmd[0]!, cmd.slice(1), {
      cwd: inStage(rootOf(final.name), last, last.workdir),
      env,
      stdio: 'inherit',
    });
    if (!healthcheck) {
      // A one-shot job (migrate): it has to finish, successfully.
      const code = await new Promise<number | null>((done) => child.once('exit', done));
      if (code !== 0) throw new Error(`CMD exited with ${code}`);
      console.log('== CMD finished with 0');
    } else {
      try {
        await waitForHealthcheck(child, healthcheck, env);
        const ready = await fetch(`http://127.0.0.1:${port}/ready`);
        console.log(`== HEALTHCHECK passed; /ready: ${ready.status} ${await ready.text()}`);
      } finally {
        child.kill('SIGTERM');
      }
    }
  }
  rmSync(work, { recursive: true, force: true });
  console.log(`== ${relative(ROOT, DOCKERFILE)} ${argv.join(' ')}: ok`);
}

/** The exec-form command of the stage's last CMD or HEALTHCHECK. */
function commandOf(steps: Step[], op: 'CMD' | 'HEALTHCHECK'): string[] | undefined {
  const line = steps.findLast((step) => step.op === op)?.line;
  if (!line) return undefined;
  return JSON.parse(op === 'CMD' ? line : line.slice(line.indexOf('CMD') + 3).trim()) as string[];
}

async function waitForHealthcheck(
  child: ReturnType<typeof spawn>,
  healthcheck: string[],
  env: Record<string, string>,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`CMD exited with ${child.exitCode}`);
    try {
      execFileSync(healthcheck[0]!, healthcheck.slice(1), { env, stdio: 'ignore' });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('HEALTHCHECK never passed');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((error: unknown) => {
  console.error(`dry-run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
