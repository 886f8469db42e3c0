import { createUsersClient, type UsersPrismaClient } from '@commerce/db/users';
import { createLogger, listen, parseConfig, type Subgraph } from '@commerce/service';
import { createTestDatabase, type TestDatabase } from '@commerce/testing';
import { usersConfigSchema } from '../src/config';
import { buildUsersSubgraph } from '../src/server';

/** The users subgraph on its own: real Postgres, real HTTP, no gateway. */
let database: TestDatabase;
let db: UsersPrismaClient;
let subgraph: Subgraph;
let url: string;

async function graphql(query: string, variables: Record<string, unknown> = {}, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: Record<string, any>;
    errors?: { extensions: { code: string } }[];
  };
}

beforeAll(async () => {
  database = await createTestDatabase('users');
  db = createUsersClient(database.url);
  const config = parseConfig(usersConfigSchema, {
    USERS_DATABASE_URL: database.url,
    JWT_SECRET: 'users-subgraph-test-secret-at-least-32-bytes',
  });
  subgraph = await buildUsersSubgraph({ config, logger: createLogger('users', 'silent'), db });
  url = `${await listen(subgraph.app, '127.0.0.1', 0)}/graphql`;
});
afterAll(async () => {
  await subgraph?.app.close();
  await db?.$disconnect();
  await database?.drop();
});

const REGISTER = `mutation ($input: RegisterUserInput) {
  registerUser(input: $input) { access_token user { _id username } }
}`;

describe('users subgraph', () => {
  it('stores only an argon2id hash of the password', async () => {
    const { data } = await graphql(REGISTER, { input: { username: 'hashme', password: 'secret password' } });
    const row = await db.user.findUniqueOrThrow({ where: { id: data!.registerUser.user._id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain('secret password');
  });

  it('issues a token that `me` accepts, and rejects a tampered one', async () => {
    const { data } = await graphql(REGISTER, { input: { username: 'meme', password: 'secret password' } });
    const token: string = data!.registerUser.access_token;
    const me = await graphql('{ me { username } }', {}, { authorization: `Bearer ${token}` });
    expect(me.data).toEqual({ me: { username: 'meme' } });
    const tampered = `${token.slice(0, -2)}xx`;
    const refused = await graphql('{ me { username } }', {}, { authorization: `Bearer ${tampered}` });
    expect(refused.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const anonymous = await graphql('{ me { username } }');
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('resolves User entities in one batch, null for unknown ids', async () => {
    const a = (await graphql(REGISTER, { input: { username: 'entity_a', password: 'secret password' } })).data!;
    const result = await graphql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { _id username } } }',
      {
        r: [
          { __typename: 'User', _id: a.registerUser.user._id },
          { __typename: 'User', _id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'User', _id: 'not-a-uuid' },
        ],
      },
    );
    expect(result.data).toEqual({
      _entities: [{ _id: a.registerUser.user._id, username: 'entity_a' }, null, null],
    });
  });

  it('pages through users with first/after', async () => {
    for (const name of ['page_1', 'page_2', 'page_3']) {
      await graphql(REGISTER, { input: { username: name, password: 'secret password' } });
    }
    const first = await graphql('{ users(first: 2) { _id username } }');
    const page = first.data!.users as { _id: string }[];
    expect(page).toHaveLength(2);
    const next = await graphql('query ($after: ID) { users(first: 100, after: $after) { _id } }', {
      after: page[1]!._id,
    });
    const ids = (next.data!.users as { _id: string }[]).map((u) => u._id);
    expect(ids).not.toContain(page[0]!._id);
    expect(ids).not.toContain(page[1]!._id);
    expect(ids.length).toBe((await db.user.count()) - 2);
  });

  it.each([
    ['a NUL byte', 'ada\u0000'],
    ['a control character', 'ada\u0007x'],
    ['a line break', 'ada\nmin'],
  ])('login with %s in the username: INVALID_CREDENTIALS, never a database error', async (_what, username) => {
    const login = await graphql(
      'mutation ($input: LoginInput) { login(input: $input) { access_token } }',
      { input: { username, password: 'secret password' } },
    );
    expect(login.errors?.[0]?.extensions.code).toBe('INVALID_CREDENTIALS');
    const register = await graphql(REGISTER, { input: { username, password: 'secret password' } });
    expect(register.errors?.[0]?.extensions.code).toBe('INVALID_USERNAME');
  });

  it('serves the development landing page without the API content security policy', async () => {
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // Its HTML loads Apollo's scripts: `default-src 'none'` would leave a blank page.
    expect(page.headers.get('content-security-policy')).toBeNull();
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const api = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('answers /ready while Postgres answers', async () => {
    const base = url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });
});
