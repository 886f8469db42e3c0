import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  createLogger,
  createSubgraph,
  listen,
  parseConfig,
  type Subgraph,
} from '@commerce/service';
import { createTestDatabase, freePort, type TestDatabase } from '@commerce/testing';
import { compose, type SubgraphSource } from '../tools/compose';
import { gatewayConfigSchema } from '../src/config';
import { buildGateway, type Gateway } from '../src/server';

/**
 * A running gateway follows its supergraph file: a newly composed supergraph that adds a
 * field is served within seconds, without a restart, and an invalid one is logged and
 * ignored while the previous supergraph keeps serving.
 *
 * The real users subgraph, run as its own process the way it is deployed (own database),
 * plus a small `greetings` subgraph built here with the repo's subgraph shell that extends
 * User. The greetings server runs its new version (with `User.greeting`) from the
 * start, as in a real rollout: deploy the subgraph first, then publish the supergraph.
 */
const FEDERATION =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
const GREETINGS_V1 = `${FEDERATION}
type Query { greetingsVersion: Int! }
type User @key(fields: "_id") { _id: ID! }
`;
const GREETINGS_V2 = `${FEDERATION}
type Query { greetingsVersion: Int! }
type User @key(fields: "_id") {
  _id: ID!
  "Added in version 2."
  greeting: String!
}
`;

const ROOT = join(__dirname, '..', '..', '..');
const USERS_SCHEMA = join(ROOT, 'apps', 'users-subgraph', 'schema.graphql');
const logger = createLogger('gateway', 'silent');
let dir: string;
let supergraphPath: string;
let database: TestDatabase;
let usersProcess: ChildProcess | undefined;
let usersOutput = '';
let greetings: Subgraph | undefined;
let gateway: Gateway;
let gatewayUrl: string;
let subgraphUrls: { users: string; greetings: string };

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: any;
    errors?: { message: string; extensions?: any }[];
  };
}

function supergraphWith(greetingsSdl: string): string {
  const sources: SubgraphSource[] = [
    {
      name: 'users',
      url: subgraphUrls.users,
      file: USERS_SCHEMA,
      sdl: readFileSync(USERS_SCHEMA, 'utf8'),
    },
    {
      name: 'greetings',
      url: subgraphUrls.greetings,
      file: 'greetings.graphql',
      sdl: greetingsSdl,
    },
  ];
  const outcome = compose(sources);
  if (!outcome.ok) throw new Error(outcome.errors.join('\n'));
  return outcome.supergraphSdl;
}

/** As `npm run compose` writes it: a whole new file in one step. */
function publish(sdl: string) {
  const temp = `${supergraphPath}.tmp`;
  writeFileSync(temp, sdl);
  renameSync(temp, supergraphPath);
}

/** `node apps/users-subgraph/src/index.ts` (through tsx) on a free port; resolves when ready. */
async function startUsersSubgraph(databaseUrl: string): Promise<string> {
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'apps/users-subgraph/src/index.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        LOG_LEVEL: 'warn',
        PORT: new URL(url).port,
        USERS_DATABASE_URL: databaseUrl,
        JWT_SECRET: 'hot-reload-test-secret-at-least-32-bytes-long',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  usersProcess = child;
  const capture = (chunk: Buffer) =>
    (usersOutput = (usersOutput + chunk.toString()).slice(-10_000));
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`users subgraph exited:\n${usersOutput}`);
    const ready = await fetch(`${url}/ready`).catch(() => undefined);
    return ready?.ok ? true : undefined;
  }, 30_000);
  return url;
}

async function stopUsersSubgraph(): Promise<void> {
  const child = usersProcess;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hot-reload-'));
  supergraphPath = join(dir, 'supergraph.graphql');

  database = await createTestDatabase('users');
  const usersUrl = await startUsersSubgraph(database.url);
  const greetingsSchema = join(dir, 'greetings.graphql');
  writeFileSync(greetingsSchema, GREETINGS_V2);
  greetings = await createSubgraph({
    name: 'greetings',
    schemaPath: greetingsSchema,
    resolvers: {
      Query: { greetingsVersion: () => 2 },
      User: {
        __resolveReference: (user: { _id: string }) => user,
        greeting: (user: { _id: string }) => `hello, ${user._id}`,
      },
    },
    logger,
    production: false,
    readiness: [],
    context: async () => ({}),
  });
  subgraphUrls = {
    users: `${usersUrl}/graphql`,
    greetings: `${await listen(greetings.app, '127.0.0.1', 0)}/graphql`,
  };

  publish(supergraphWith(GREETINGS_V1));
  gateway = await buildGateway(
    parseConfig(gatewayConfigSchema, {
      NODE_ENV: 'test',
      PORT: '0',
      SUPERGRAPH_PATH: supergraphPath,
      // registerUser is rate limited in Redis: this run's counters are its own.
      RATE_LIMIT_PREFIX: `${basename(dir)}:rate-limit:`,
    }),
    logger,
  );
  gatewayUrl = `${await listen(gateway.app, '127.0.0.1', 0)}/graphql`;
});

afterAll(async () => {
  await gateway?.app.close();
  await greetings?.app.close();
  await stopUsersSubgraph();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const REGISTER = `mutation ($input: RegisterUserInput) { registerUser(input: $input) { user { _id } } }`;
const WITH_GREETING = `query ($id: ID!) { user(id: $id) { username greeting } }`;

describe('gateway hot reload of supergraph.graphql', () => {
  it('serves a field added by a new supergraph, then keeps it when an invalid one is written', async () => {
    const registered = await graphql(REGISTER, {
      input: { username: 'reloaded', password: 'a good password' },
    });
    const id: string = registered.data.registerUser.user._id;

    const before = await graphql(WITH_GREETING, { id });
    expect(before.errors?.[0]?.message).toMatch(/Cannot query field "greeting" on type "User"/);

    const reloaded = jest.spyOn(logger, 'info');
    const started = Date.now();
    publish(supergraphWith(GREETINGS_V2));
    const served = await eventually(async () => {
      const result = await graphql(WITH_GREETING, { id });
      return result.errors ? undefined : result.data;
    }, 5_000);
    expect(served).toEqual({ user: { username: 'reloaded', greeting: `hello, ${id}` } });
    expect(reloaded).toHaveBeenCalledWith({ path: supergraphPath }, 'supergraph reloaded');
    expect(Date.now() - started).toBeLessThan(5_000);

    const rejected = jest.spyOn(logger, 'error');
    const invalid = [
      'this is { not GraphQL',
      // Valid GraphQL, but a subgraph's schema rather than a supergraph.
      readFileSync(USERS_SCHEMA, 'utf8'),
    ];
    for (const [attempt, sdl] of invalid.entries()) {
      publish(sdl);
      await eventually(
        async () => (rejected.mock.calls.length > attempt ? true : undefined),
        5_000,
      );
      expect(rejected).toHaveBeenLastCalledWith(
        expect.objectContaining({ path: supergraphPath, err: expect.any(Error) }),
        'new supergraph rejected, still serving the previous one',
      );
      expect((await graphql(WITH_GREETING, { id })).data).toEqual(served);
    }
    const ready = await fetch(gatewayUrl.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
  });
});
