/**
 * Attack suite, round two, the gateway's part (issue 15): the credential budgets read
 * arguments as execution reads them (variable defaults, literals, aliases, fragments), and
 * a client's mistakes (no operation picked, variables nested 5,000 deep, undeclared
 * variables) are refused with a 4xx and a stable code, never a 500 or an error-level log
 * line; and the cost estimate lets an honest three-level listing through. Requests go to a
 * second production-mode gateway of this file's own, whose log is kept; it shares the
 * system's subgraphs, Redis and rate-limit counters.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { listen, parseConfig } from '@commerce/service';
import {
  expectOk,
  GraphQLClient,
  type GraphQLResponse,
  operation,
  uniqueName,
} from '@commerce/testing';
import { gatewayConfigSchema } from '../../apps/gateway/src/config';
import { buildGateway } from '../../apps/gateway/src/server';
import { attackSuite, postJson, send, type RawResponse } from '../src/attack';
import { ADMIN, eventually } from '../src/shop';
import { composeFor } from '../src/system';

const suite = attackSuite('attack-gateway-round-two');
const PASSWORD = 'a good long password';

/** What the gateway logged at warn and above, as pino wrote it. */
const logged: { level: number; msg: string }[] = [];
let url: string;
let client: GraphQLClient;
let closeGateway: () => Promise<void>;
let cacheKeys: Redis;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'supergraph-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeFor(suite.system.subgraphUrls));
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => logged.push(JSON.parse(line)) },
  );
  const config = parseConfig(gatewayConfigSchema, {
    ...suite.system.gatewayEnv,
    SUPERGRAPH_PATH: supergraphPath,
  });
  const { app } = await buildGateway(config, logger);
  url = `${await listen(app, '127.0.0.1', 0)}/graphql`;
  client = new GraphQLClient(url);
  closeGateway = async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  };
  cacheKeys = new Redis(suite.system.gatewayEnv['REDIS_URL']!);
});
afterAll(async () => {
  cacheKeys?.disconnect();
  await closeGateway?.();
});

/** Error-level (50) and fatal lines only: a client's mistake must never produce one. */
const errorLines = () => logged.filter((line) => line.level >= 50).map((line) => line.msg);

function expectRefused(
  response: RawResponse | GraphQLResponse<unknown>,
  status: number,
  code: string,
) {
  const body = 'body' in response ? response.body : response;
  expect({ status: response.status, code: GraphQLClient.code(body) }).toEqual({ status, code });
  expect(body.data ?? undefined).toBeUndefined();
}

function expectRateLimited(response: GraphQLResponse<unknown>) {
  expectRefused(response, 429, 'RATE_LIMITED');
  expect(response.errors?.[0]?.extensions?.['retryAfter']).toBeGreaterThan(0);
}

const post = (body: unknown) => postJson(url, JSON.stringify(body));

/** A login whose input is only the variable's default: the body carries no `variables`. */
const loginByDefault = (username: string, password: string) =>
  client.request(
    `mutation ($in: LoginInput = { username: ${JSON.stringify(username)}, password: ${JSON.stringify(password)} }) {
      login(input: $in) { access_token }
    }`,
  );

describe('the credential budgets read arguments as execution does', () => {
  it("guesses in a variable's default value count against the username", async () => {
    const victim = (await suite.shop.register(uniqueName('default_victim'))).username;
    await suite.db.expectNothingChanged(async () => {
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        const response = await loginByDefault(victim, `guess ${attempt}`);
        expect(GraphQLClient.code(response)).toBe('INVALID_CREDENTIALS');
      }
      // The eleventh, with the right password, is over the budget.
      expectRateLimited(await loginByDefault(victim, PASSWORD));
    });
    expect(errorLines()).toEqual([]);
  });

  it('defaults, literals, aliases and fragments all share one count', async () => {
    const victim = (await suite.shop.register(uniqueName('mixed_victim'))).username;
    const name = JSON.stringify(victim);
    await suite.db.expectNothingChanged(async () => {
      // 2 through plain variables.
      for (const guess of ['a', 'b']) {
        const response = await client.request(
          'mutation ($in: LoginInput) { login(input: $in) { access_token } }',
          { in: { username: victim, password: guess } },
        );
        expect(GraphQLClient.code(response)).toBe('INVALID_CREDENTIALS');
      }
      // 3 more: two aliases of one defaulted variable, one inline literal.
      const aliased = await client.request(
        `mutation ($in: LoginInput = { username: ${name}, password: "c" }) {
          x: login(input: $in) { access_token }
          y: login(input: $in) { access_token }
          z: login(input: { username: ${name}, password: "d" }) { access_token }
        }`,
      );
      expect(aliased.errors?.map((error) => error.extensions?.['code'])).toEqual(
        Array(3).fill('INVALID_CREDENTIALS'),
      );
      // 5 more through a fragment over a defaulted variable: 10 used.
      const spread = await client.request(
        `mutation ($in: LoginInput = { username: ${name}, password: "e" }) { ...Guesses }
        fragment Guesses on Mutation {
          a: login(input: $in) { access_token } b: login(input: $in) { access_token }
          c: login(input: $in) { access_token } d: login(input: $in) { access_token }
          e: login(input: $in) { access_token }
        }`,
      );
      expect(spread.errors).toHaveLength(5);
      expectRateLimited(await loginByDefault(victim, PASSWORD));
    });
  });

  it("registerUser's default value counts the same", async () => {
    const username = uniqueName('default_signup');
    const signUp = () =>
      client.request(
        `mutation ($in: RegisterUserInput = { username: "${username}", password: "${PASSWORD}" }) {
          registerUser(input: $in) { access_token }
        }`,
      );
    expectOk(await signUp());
    for (let attempt = 2; attempt <= 10; attempt += 1) {
      expect(GraphQLClient.code(await signUp())).toBe('USERNAME_TAKEN');
    }
    expectRateLimited(await suite.db.expectNothingChanged(signUp));
  });

  it('an input that cannot be read never runs: 400 BAD_USER_INPUT', async () => {
    const defaulted = `mutation ($in: LoginInput = { username: "someone", password: "x" }) {
      login(input: $in) { access_token }
    }`;
    await suite.db.expectNothingChanged(async () => {
      // An explicit null overrides the default: there is no username to count.
      expectRefused(await client.request(defaulted, { in: null }), 400, 'BAD_USER_INPUT');
      expectRefused(
        await client.request('mutation { login { access_token } }'),
        400,
        'BAD_USER_INPUT',
      );
      expectRefused(
        await client.request(defaulted, { in: { username: 42, password: 'x' } }),
        400,
        'BAD_USER_INPUT',
      );
    });
    expect(errorLines()).toEqual([]);
  });
});

describe("a client's mistakes: 4xx with a stable code, no error-level log line", () => {
  it('several operations and no operationName, or an unknown one: 400 OPERATION_RESOLUTION_FAILURE', async () => {
    const two = 'query First { products { _id } } query Second { products { name } }';
    const logins = `mutation A { login(input: { username: "x_a", password: "x" }) { access_token } }
      mutation B { login(input: { username: "x_b", password: "x" }) { access_token } }`;
    await suite.db.expectNothingChanged(async () => {
      expectRefused(await post({ query: two }), 400, 'OPERATION_RESOLUTION_FAILURE');
      expectRefused(
        await post({ query: two, operationName: 'Third' }),
        400,
        'OPERATION_RESOLUTION_FAILURE',
      );
      expectRefused(
        await post({ query: '{ products { _id } }', operationName: 'Named' }),
        400,
        'OPERATION_RESOLUTION_FAILURE',
      );
      expectRefused(await post({ query: logins }), 400, 'OPERATION_RESOLUTION_FAILURE');
      const get = await send(`${url}?query=${encodeURIComponent(two)}&operationName=Nope`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expectRefused(get, 400, 'OPERATION_RESOLUTION_FAILURE');
    });
    expect(errorLines()).toEqual([]);
    // Naming one runs it.
    expect((await post({ query: two, operationName: 'Second' })).status).toBe(200);
  });

  it('a subscription (the gateway serves none): 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const response = await suite.db.expectNothingChanged(() =>
      post({ query: 'subscription { products { _id } }' }),
    );
    expectRefused(response, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(errorLines()).toEqual([]);
  });

  it('variables nested 5,000 deep (declared or not) and deep extensions: 400 VARIABLES_TOO_DEEP', async () => {
    // As JSON text: JSON.stringify itself recurses, and would overflow here first.
    const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
    const arrays = nested(5_000);
    const objects = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const products = JSON.stringify('{ products { _id } }');
    const product = JSON.stringify('query ($id: ID!) { product(id: $id) { _id } }');
    const login = JSON.stringify(
      'mutation ($in: LoginInput) { login(input: $in) { access_token } }',
    );
    await suite.db.expectNothingChanged(async () => {
      for (const body of [
        `{"query": ${products}, "variables": {"undeclared": ${arrays}}}`,
        `{"query": ${products}, "variables": {"undeclared": ${objects}}}`,
        `{"query": ${product}, "variables": {"id": ${objects}}}`,
        `{"query": ${login}, "variables": {"in": ${objects}}}`,
        `{"query": ${products}, "extensions": {"deep": ${arrays}}}`,
      ]) {
        expectRefused(await postJson(url, body), 400, 'VARIABLES_TOO_DEEP');
      }
      // 1,000 levels: 5,000 would pass Node's 16 kB limit on the request line (a 431).
      const get = await send(
        `${url}?query=${encodeURIComponent('{ products { _id } }')}&variables=${encodeURIComponent(`{"x": ${nested(1_000)}}`)}`,
        { headers: { 'apollo-require-preflight': 'true' } },
      );
      expectRefused(get, 400, 'VARIABLES_TOO_DEEP');
    });
    expect(errorLines()).toEqual([]);
  });

  it('undeclared variables are ignored: they neither break a query nor mint cache entries', async () => {
    const product = await suite.shop.createProduct(5, 900, uniqueName('lamp'));
    // Entries of this product's read (others come and go: the background client's lists).
    const entries = async () => {
      const keys = await cacheKeys.keys(`${suite.system.topicPrefix}fqc:*`);
      const values = keys.length > 0 ? await cacheKeys.mget(keys) : [];
      const entry = `{"data":{"product":{"_id":"${product._id}"`;
      return keys.filter((_, index) => values[index]?.startsWith(entry));
    };
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const response = await client.request(operation('Product'), {
        id: product._id,
        [`junk${attempt}`]: { attempt },
      });
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
    }
    // One entry for the one query and id (written after answering, hence the wait).
    const written = await eventually(async () => {
      const found = await entries();
      return found.length > 0 ? found : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await entries()).toEqual(written);
    expect(written).toHaveLength(1);
  });
});

describe('the cost estimate refuses only what is costly', () => {
  it('three nested short lists of an admin listing are answered (they were OPERATION_TOO_COSTLY)', async () => {
    const listing = await suite.db.expectNothingChanged(() =>
      postJson(
        url,
        JSON.stringify({
          query:
            '{ users(first: 20) { _id orders(first: 10) { _id products { quantity product { name } } } } }',
        }),
        ADMIN,
      ),
    );
    expect(listing.status).toBe(200);
    expect(listing.body.errors).toBeUndefined();
    // The fan-out across subgraphs stays refused.
    expectRefused(
      await postJson(
        url,
        JSON.stringify({
          query: '{ users(first: 100) { orders(first: 100) { products { product { name } } } } }',
        }),
        ADMIN,
      ),
      400,
      'OPERATION_TOO_COSTLY',
    );
  });
});

describe('after all that', () => {
  it('a normal user still registers, signs in, browses and orders', async () => {
    const session = await suite.shop.register();
    const product = await suite.shop.createProduct(10, 500, uniqueName('mug'));
    expectOk(
      await client.request('mutation ($in: LoginInput) { login(input: $in) { access_token } }', {
        in: { username: session.username, password: PASSWORD },
      }),
    );
    const order = expectOk(
      await suite.shop.placeOrder(session.token, [{ _id: product._id, quantity: 2 }]),
    );
    expect(order.placeOrder.userId).toBe(session.userId);
    expect(errorLines()).toEqual([]);
  });
});
