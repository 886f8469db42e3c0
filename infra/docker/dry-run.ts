/**
 * Runs a Dockerfile of this repo without Docker (no engine on the developer machines):
 *
 *   npx tsx infra/docker/dry-run.ts apps/users-subgraph/Dockerfile [--serve KEY=VALUE ...]
 *
 * Each stage gets a folder standing in for its filesystem; the stages' absolute paths
 * (/repo, /app, ...) are mapped into it. COPY honours --from and .dockerignore, RUN runs
 * with bash in the mapped WORKDIR and ENV, `npm install --global` becomes a local install
 * and `npm cache clean` is skipped (the machine's npm cache is not the image's).
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
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

type Instruction = { op: string; args: string };
type Stage = { name: string; root: string; workdir: string; env: Record<string, string> };

const ROOT = resolve(__dirname, '..', '..');

function parseDockerfile(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

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

function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
    env[match[1]!] = match[2]!.replace(/^"|"$/g, '');
  }
  return env;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function main() {
  const [dockerfile, ...rest] = process.argv.slice(2);
  if (!dockerfile) throw new Error('usage: dry-run.ts <Dockerfile> [--serve KEY=VALUE ...]');
  const serveAt = rest.indexOf('--serve');
  const serveEnv = serveAt < 0 ? undefined : parseEnv(rest.slice(serveAt + 1).join(' '));
  const work = mkdtempSync(join(tmpdir(), 'dockerfile-dry-run-'));
  const ignored = dockerignore();
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  let cmd: string[] | undefined;
  let healthcheck: string[] | undefined;

  const inStage = (s: Stage, path: string) =>
    join(s.root, path.startsWith('/') ? path : join(s.workdir, path));
  /** The stage's absolute paths, mapped into its folder, inside a shell command. */
  const mapPaths = (s: Stage, command: string) =>
    command.replace(/(^|[\s"'=])\/(repo|app|pruned|runtime)(?=[/\s"']|$)/g, `$1${s.root}/$2`);

  for (const { op, args: raw } of parseDockerfile(readFileSync(dockerfile, 'utf8'))) {
    const line = raw.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
    if (op === 'ARG') {
      const [name, value = ''] = line.split('=');
      args[name!] = value;
      continue;
    }
    if (op === 'FROM') {
      const name = line.split(/\s+as\s+/i)[1] ?? String(stages.length);
      stage = { name, root: join(work, name), workdir: '/', env: {} };
      mkdirSync(stage.root, { recursive: true });
      stages.push(stage);
      console.log(`== stage ${name} (${line.split(/\s+/)[0]})`);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    const current: Stage = stage;
    switch (op) {
      case 'WORKDIR':
        current.workdir = resolve(current.workdir, line);
        mkdirSync(inStage(current, current.workdir), { recursive: true });
        break;
      case 'ENV':
        Object.assign(current.env, parseEnv(line));
        break;
      case 'COPY': {
        const parts = line.split(/\s+/);
        const from = parts[0]?.startsWith('--from=') ? parts.shift()!.slice(7) : undefined;
        const [src = '', dst = ''] = parts;
        const source = from
          ? inStage(stages.find((s) => s.name === from) ?? fail(`no stage ${from}`), src)
          : join(ROOT, src);
        const target = inStage(current, dst);
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
        const command = line
          .replace(/npm install --global/g, `npm install --prefix ${join(current.root, '.global')}`)
          // The image's npm cache is its own; this machine's is shared and stays.
          .replace(/&& npm cache clean --force/g, '')
          .trim();
        console.log(`   RUN ${command.slice(0, 120)}${command.length > 120 ? '...' : ''}`);
        const started = Date.now();
        execFileSync('bash', ['-eo', 'pipefail', '-c', mapPaths(current, command)], {
          cwd: inStage(current, current.workdir),
          env: {
            ...process.env,
            ...current.env,
            PATH: `${join(current.root, '.global', 'node_modules', '.bin')}:${process.env['PATH']}`,
          },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        break;
      }
      case 'CMD':
        cmd = JSON.parse(line) as string[];
        break;
      case 'HEALTHCHECK':
        healthcheck = JSON.parse(line.slice(line.indexOf('CMD') + 3).trim()) as string[];
        break;
      case 'USER':
      case 'EXPOSE':
        break;
      default:
        throw new Error(`unsupported instruction ${op}`);
    }
  }

  const final = stages.at(-1)!;
  if (serveEnv && cmd) {
    const port = String(await freePort());
    const env = {
      PATH: process.env['PATH'] ?? '',
      ...final.env,
      HOST: '127.0.0.1',
      PORT: port,
      ...serveEnv,
    };
    console.log(`== serve: ${cmd.join(' ')} on port ${port}`);
    const child = spawn(cmd[0]!, cmd.slice(1), {
      cwd: inStage(final, final.workdir),
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
  console.log(`== ${dockerfile}: ok`);
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
