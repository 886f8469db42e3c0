import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';

/**
 * docker-compose.yml and the apps' Dockerfiles, checked without Docker (no engine on the
 * developer machines): they parse, agree with each other, and give every app a valid
 * configuration of its own zod schema, with no variable the app does not read.
 */
const ROOT = join(__dirname, '..', '..', '..');
const APPS = readdirSync(join(ROOT, 'apps')).filter((app) =>
  readdirSync(join(ROOT, 'apps', app)).includes('package.json'),
);

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
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

const dockerfileOf = (app: string) => readFileSync(join(ROOT, 'apps', app, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  it('runs the backing services the local stack runs', () => {
    expect(services['postgres']?.image).toBe('postgres:15');
    expect(services['redis']?.image).toBe('redis:7');
    expect(services['kafka']?.image).toBe('apache/kafka:4.3.1');
  });

  it('builds every app from its own Dockerfile', () => {
    expect(APPS.length).toBeGreaterThanOrEqual(5);
    for (const app of APPS) {
      expect(services[app]?.build).toEqual({ context: '.', dockerfile: `apps/${app}/Dockerfile` });
    }
  });

  it.each(APPS)('gives %s a valid configuration, of variables it reads', async (app) => {
    const schema = await configSchemaOf(app);
    const environment = interpolate(services[app]?.environment);
    const known = Object.keys(schema.shape);
    expect(Object.keys(environment).filter((name) => !known.includes(name))).toEqual([]);
    const parsed = schema.safeParse(environment);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(environment['HOST']).toBe('0.0.0.0');
    expect(environment['PORT']).toBe(String(schema.shape['PORT']!.parse(undefined)));
  });

  it('migrates the three databases the apps use, once, before any app starts', async () => {
    const { DATABASE_URL_VARIABLES } = (await import(join(ROOT, 'prisma', 'src', 'services'))) as {
      DATABASE_URL_VARIABLES: Record<string, string>;
    };
    const migrate = services['migrate']!;
    expect(migrate.build?.dockerfile).toBe('prisma/Dockerfile');
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
    for (const subgraph of ['users', 'products', 'orders']) {
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

describe('the apps’ Dockerfiles', () => {
  it.each(APPS)('build, ship and start %s alone, as the node user', async (app) => {
    const dockerfile = dockerfileOf(app);
    const port = String((await configSchemaOf(app)).shape['PORT']!.parse(undefined));
    expect(dockerfile).toContain(`RUN turbo prune @commerce/${app} --docker --out-dir /pruned`);
    expect(dockerfile).toContain(`RUN npx turbo run build --filter=@commerce/${app} `);
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
    expect(dockerfile).toContain(`CMD ["node", "apps/${app}/dist/index.js"]`);
    expect(dockerfile).toMatch(new RegExp(`PORT=${port}\\n`));
    expect(dockerfile).toContain(`EXPOSE ${port}\n`);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\n\s+CMD .*'\/health'/m);
    expect(
      dockerfile.match(/^FROM .*/gm)?.every((from) => from.startsWith('FROM ${NODE_IMAGE} AS ')),
    ).toBe(true);
    if (app.endsWith('-subgraph')) {
      expect(dockerfile).toContain(`cp apps/${app}/schema.graphql /runtime/apps/${app}/`);
    }
  });

  it('differ only in the app they build and its port, and in the files only it needs', () => {
    const normalised = APPS.map((app) =>
      dockerfileOf(app)
        .replaceAll(app, '<app>')
        .replace(/\b400\d\b/g, '<port>')
        .replace(/ \\\n && cp apps\/<app>\/schema\.graphql \/runtime\/apps\/<app>\//, '')
        .replace(/,\n# and the SDL the subgraph loads at start\./, '.')
        .replace(/\n# The supergraph it starts with[^]*?manifest\.json\n/, '\n'),
    );
    for (const text of normalised) expect(text).toBe(normalised[0]);
  });

  it('keep what the host installed or built out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.env']));
  });
});
