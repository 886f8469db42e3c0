import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { planBuild, type PlannedStage, type Step } from '@commerce/testing';
import { parse } from 'yaml';
import type { z } from 'zod';

/**
 * docker-compose.yml and the Dockerfile every image is built from, checked without Docker
 * (no engine on the developer machines): they parse, agree with each other, build each app
 * from its own workspace into an image that starts it, and give every app a valid
 * configuration of its own zod schema, with no variable the app does not read.
 */
const ROOT = join(__dirname, '..', '..', '..');
const APPS = readdirSync(join(ROOT, 'apps')).filter((app) =>
  readdirSync(join(ROOT, 'apps', app)).includes('package.json'),
);

type Build = {
  context: string;
  dockerfile: string;
  target?: string;
  args?: Record<string, string>;
};
type Service = {
  image?: string;
  build?: Build;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
};
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service> };
const services = compose.services;

/** `${NAME:-default}` as Compose resolves it with NAME unset. */
function interpolate(environment: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1'),
    ]),
  );
}

async function configSchemaOf(app: string): Promise<z.ZodObject> {
  const module = (await import(join(ROOT, 'apps', app, 'src', 'config'))) as Record<
    string,
    unknown
  >;
  const name = Object.keys(module).find((key) => key.endsWith('ConfigSchema'));
  if (!name) throw new Error(`apps/${app}/src/config.ts exports no *ConfigSchema`);
  return module[name] as z.ZodObject;
}

/**
 * Variables an app reads besides its schema's: the rest-subgraph, each source's base URL
 * variable (`baseUrlEnv` in its sources.yaml).
 */
function sourceVariablesOf(app: string): string[] {
  const file = join(ROOT, 'apps', app, 'sources.yaml');
  if (!existsSync(file)) return [];
  const { sources } = parse(readFileSync(file, 'utf8')) as { sources: { baseUrlEnv?: string }[] };
  return sources.flatMap((source) => (source.baseUrlEnv ? [source.baseUrlEnv] : []));
}

/** Run-time files of the apps that read more than the subgraph's SDL. */
const RUNTIME_FILES: Record<string, string[]> = {
  'rest-subgraph': [
    'apps/manuals-service/openapi.yaml',
    'apps/rest-subgraph/schema.graphql',
    'apps/rest-subgraph/sources.yaml',
    'apps/reviews-service/openapi.yaml',
  ],
  'reviews-service': ['apps/reviews-service/openapi.yaml'],
  'manuals-service': ['apps/manuals-service/manuals.json', 'apps/manuals-service/openapi.yaml'],
};

const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const defaultPortOf = async (app: string) =>
  String((await configSchemaOf(app)).shape['PORT']!.parse(undefined));

describe('docker-compose.yml', () => {
  it('runs the backing services the local stack runs', () => {
    expect(services['postgres']?.image).toBe('postgres:15');
    expect(services['redis']?.image).toBe('redis:7');
    expect(services['kafka']?.image).toBe('apache/kafka:4.3.1');
  });

  it.each(APPS)('builds %s from the one Dockerfile, with its name and port', async (app) => {
    expect(APPS.length).toBeGreaterThanOrEqual(5);
    expect(services[app]?.build).toEqual({
      context: '.',
      dockerfile: 'Dockerfile',
      args: { APP: app, PORT: await defaultPortOf(app) },
    });
  });

  it.each(APPS)('gives %s a valid configuration, of variables it reads', async (app) => {
    const schema = await configSchemaOf(app);
    const environment = interpolate(services[app]?.environment);
    const known = [...Object.keys(schema.shape), ...sourceVariablesOf(app)];
    expect(Object.keys(environment).filter((name) => !known.includes(name))).toEqual([]);
    const parsed = schema.safeParse(environment);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(environment['HOST']).toBe('0.0.0.0');
    expect(environment['PORT']).toBe(String(schema.shape['PORT']!.parse(undefined)));
  });

  it('migrates the databases the apps use, once, before any app starts', async () => {
    const { DATABASE_URL_VARIABLES } = (await import(join(ROOT, 'prisma', 'src', 'services'))) as {
      DATABASE_URL_VARIABLES: Record<string, string>;
    };
    const migrate = services['migrate']!;
    expect(migrate.build).toEqual({
      context: '.',
      dockerfile: 'Dockerfile',
      target: 'migrate',
      args: { APP: 'db' },
    });
    const urls = interpolate(migrate.environment);
    expect(Object.keys(urls).sort()).toEqual(Object.values(DATABASE_URL_VARIABLES).sort());
    for (const app of APPS) {
      for (const [name, url] of Object.entries(interpolate(services[app]?.environment))) {
        if (name.endsWith('_DATABASE_URL')) expect(url).toBe(urls[name]);
      }
      if (Object.keys(services[app]?.environment ?? {}).some((n) => n.endsWith('_DATABASE_URL'))) {
        expect(services[app]?.depends_on?.['migrate']).toEqual({
          condition: 'service_completed_successfully',
        });
      }
    }
  });

  it('starts a service only once what it depends on is healthy or done', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'migrate')
        expect({ name, healthcheck: !!service.healthcheck }).toEqual({ name, healthcheck: true });
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[target]).toBeDefined();
        if (target === 'migrate') expect(condition).toBe('service_completed_successfully');
        else expect({ target, condition }).toEqual({ target, condition: 'service_healthy' });
      }
    }
  });

  it('routes the gateway to the subgraph containers and follows the mounted supergraph', () => {
    const environment = interpolate(services['gateway']?.environment);
    for (const subgraph of ['users', 'products', 'orders', 'rest']) {
      const port = String(services[`${subgraph}-subgraph`]?.environment?.['PORT']);
      expect(environment[`${subgraph.toUpperCase()}_SUBGRAPH_URL`]).toBe(
        `http://${subgraph}-subgraph:${port}/graphql`,
      );
    }
    expect(environment['SUPERGRAPH_PATH']).toBe('/srv/repo/supergraph.graphql');
    expect((services['gateway'] as { volumes?: string[] }).volumes).toContain('./:/srv/repo:ro');
  });

  it('configures Kafka as infra/kafka/server.properties does, but for the container network', () => {
    const properties = readFileSync(join(ROOT, 'infra', 'kafka', 'server.properties'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.split('=') as [string, string]);
    const addresses = ['listeners', 'advertised.listeners', 'controller.quorum.voters', 'log.dirs'];
    const environment = services['kafka']?.environment ?? {};
    for (const [key, value] of properties) {
      const name = `KAFKA_${key.toUpperCase().replaceAll('.', '_')}`;
      expect({ name, value: addresses.includes(key) ? 'set' : environment[name] }).toEqual({
        name,
        value: addresses.includes(key) ? 'set' : value,
      });
      if (addresses.includes(key)) expect(environment[name]).toBeTruthy();
    }
  });
});

/** The build of one image, as `docker build` with these arguments would run it. */
function buildOf(build: Build) {
  const plan = planBuild(DOCKERFILE, {
    buildArgs: build.args ?? {},
    ...(build.target ? { target: build.target } : {}),
  });
  const stage = (name: string): PlannedStage =>
    plan.find((s) => s.name === name) ?? fail(`the build runs no stage ${name}`);
  /** RUN lines with the stage's build arguments in place, as the shell sees them. */
  const runs = (name: string) =>
    stage(name)
      .steps.filter((step) => step.op === 'RUN')
      .map((step) =>
        step.line.replace(/\$\{?(\w+)\}?/g, (text, arg: string) => step.args[arg] ?? text),
      );
  const last = (name: string, op: string): Step | undefined =>
    stage(name).steps.findLast((step) => step.op === op);
  return { plan, stage, runs, last };
}

/** Runs the prune stage's step that gathers the app's run-time files; returns what it copied. */
function assetsOf(build: ReturnType<typeof buildOf>): string[] {
  const step = build.stage('prune').steps.find((s) => s.op === 'RUN' && s.line.includes('/assets'));
  if (!step) throw new Error('no step gathers the run-time files into /assets');
  const into = join(mkdtempSync(join(tmpdir(), 'assets-')), 'assets');
  try {
    const command = step.line.replace(/(^|\s)\/assets(?=[/\s]|$)/g, `$1${into}`);
    // Docker's default shell for RUN.
    const run = spawnSync('/bin/sh', ['-e', '-c', command], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...step.args },
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    return (readdirSync(into, { recursive: true }) as string[])
      .filter((path) => !statSync(join(into, path)).isDirectory())
      .sort();
  } finally {
    rmSync(dirname(into), { recursive: true, force: true });
  }
}

describe('the Dockerfile', () => {
  it.each(APPS)('builds, ships and starts %s alone, as the node user', async (app) => {
    const build = buildOf(services[app]!.build!);
    const port = await defaultPortOf(app);
    expect(build.plan.map((s) => s.name)).toEqual([
      'prune',
      'install',
      'build',
      'production-dependencies',
      'runtime',
    ]);
    expect(build.runs('prune')).toContain(
      `turbo prune "@commerce/${app}" --docker --out-dir /pruned`,
    );
    expect(build.runs('build')).toContainEqual(
      expect.stringContaining(`npx turbo run build --filter="@commerce/${app}" `),
    );
    expect(build.runs('production-dependencies')).toContainEqual(
      expect.stringMatching(/^npm ci --omit=dev --ignore-scripts/),
    );
    const runtime = build.last('runtime', 'CMD')!;
    expect(runtime.env['PORT']).toBe(port);
    expect(build.last('runtime', 'EXPOSE')?.line).toBe(port);
    expect(build.last('runtime', 'USER')?.line).toBe('node');
    expect(build.last('runtime', 'HEALTHCHECK')?.line).toMatch(
      /^--interval=\S+ .* CMD \[.*process\.env\.PORT \+ '\/health'/,
    );
    for (const stage of build.plan) {
      expect(stage.parent ?? stage.image).toBe(
        stage.parent ? 'install' : 'node:20.20-bookworm-slim',
      );
    }
    // It starts the app's entry point, which the app's own build compiles from src/index.ts.
    expect(runtime.workdir).toBe(`/app/apps/${app}`);
    expect(runtime.line).toBe('["node", "dist/index.js"]');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'apps', app, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      main: 'dist/index.js',
      scripts: { build: 'tsc -p tsconfig.build.json', start: 'node dist/index.js' },
    });
    const tsconfig = JSON.parse(
      readFileSync(join(ROOT, 'apps', app, 'tsconfig.build.json'), 'utf8'),
    );
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(existsSync(join(ROOT, 'apps', app, 'src', 'index.ts'))).toBe(true);
    expect(build.stage('runtime').steps.map((s) => s.op === 'COPY' && s.line)).toEqual(
      expect.arrayContaining([
        '--from=production-dependencies /app/ ./',
        '--from=build /runtime/ ./',
        '--from=prune /assets/ ./',
      ]),
    );
  });

  it.each(APPS)('copies into the image of %s the files it reads at run time', async (app) => {
    const assets = assetsOf(buildOf(services[app]!.build!));
    if (RUNTIME_FILES[app]) {
      expect(assets).toEqual(RUNTIME_FILES[app]);
    } else if (app.endsWith('-subgraph')) {
      expect(assets).toEqual([`apps/${app}/schema.graphql`]);
    } else if (app === 'gateway') {
      // Where the gateway looks by default, relative to the repo root (the image's /app).
      const shape = (await configSchemaOf(app)).shape;
      const defaults = ['SUPERGRAPH_PATH', 'PERSISTED_OPERATIONS_MANIFEST'].map((name) =>
        relative(ROOT, String(shape[name]!.parse(undefined))),
      );
      expect(assets).toEqual(defaults.sort());
    } else {
      expect(assets).toEqual([]);
    }
  });

  it('copies from the build context only what exists', () => {
    for (const build of [
      ...APPS.map((app) => services[app]!.build!),
      services['migrate']!.build!,
    ]) {
      for (const stage of buildOf(build).plan) {
        for (const step of stage.steps.filter((s) => s.op === 'COPY')) {
          const [first = '', second = ''] = step.line.split(/\s+/);
          // The prune stage holds the build context at /repo; other stages, what they made.
          const fromContext = first.startsWith('--from=')
            ? first === '--from=prune' && second.startsWith('/repo/')
            : true;
          if (!fromContext) continue;
          const source = first.startsWith('--from=') ? second.slice('/repo/'.length) : first;
          expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({
            source,
            exists: true,
          });
        }
      }
    }
  });

  it('builds the migrate job from the db workspace, with its dev dependencies (tsx)', () => {
    const build = buildOf(services['migrate']!.build!);
    expect(build.plan.map((s) => s.name)).toEqual(['prune', 'install', 'migrate']);
    expect(build.runs('prune')).toContain('turbo prune "@commerce/db" --docker --out-dir /pruned');
    expect(build.runs('install')).toContain(
      'npm ci --ignore-scripts --no-audit --no-fund && npm cache clean --force',
    );
    expect(build.last('migrate', 'USER')?.line).toBe('node');
    expect(build.last('migrate', 'CMD')?.line).toBe('["npm", "run", "--silent", "db:migrate"]');
    expect(build.last('migrate', 'CMD')?.workdir).toBe('/app');
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(root.scripts['db:migrate']).toBeDefined();
    expect(root.devDependencies['tsx']).toBeDefined();
  });

  it('refuses to build without the app and, for an app, its port', () => {
    /** The exit status of a stage's first RUN, the check of its build arguments. */
    const check = (stage: string, args: Record<string, string>) => {
      const step = buildOf({ context: '.', dockerfile: 'Dockerfile', args })
        .stage(stage)
        .steps.find((s) => s.op === 'RUN')!;
      const run = spawnSync('/bin/sh', ['-c', step.line], { env: step.args, encoding: 'utf8' });
      return { status: run.status, refused: run.stderr.includes('--build-arg') };
    };
    expect(check('prune', {})).toEqual({ status: 1, refused: true });
    expect(check('prune', { APP: 'gateway' })).toEqual({ status: 0, refused: false });
    expect(check('build', { APP: 'gateway' })).toEqual({ status: 1, refused: true });
    expect(check('build', { APP: 'gateway', PORT: '4000' })).toEqual({ status: 0, refused: false });
  });

  it('knows the apps only by the build arguments and the table of their run-time files', () => {
    const instructions = DOCKERFILE.split('\n').filter((line) => !line.startsWith('#'));
    const named = instructions.filter((line) =>
      [...APPS, 'subgraph'].some((app) => line.includes(app)),
    );
    expect(named.map((line) => line.trim().split(')')[0])).toEqual([
      'rest-subgraph',
      '*-subgraph',
      'reviews-service',
      'manuals-service',
      'gateway',
    ]);
    expect(instructions.join('\n')).not.toMatch(/\b400\d\b/);
  });

  it('keeps what the host installed or built out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.env']));
  });
});

function fail(message: string): never {
  throw new Error(message);
}
