/**
 * Attack suite: password guessing and sign-up floods against the rate limits of login and
 * registerUser, through the gateway. The gateway trusts one proxy hop here, so each test
 * plays clients at addresses of its own through X-Forwarded-For (as a load balancer would
 * set it).
 */
import { randomBytes } from 'node:crypto';
import {
  expectOk,
  GraphQLClient,
  type GraphQLResponse,
  operation,
  RedisServer,
} from '@commerce/testing';
import { attackSuite, startGateway } from '../src/attack';
import { eventually } from '../src/shop';

const LOGIN_PER_ADDRESS = 30;
const REGISTER_PER_ADDRESS = 5;

const suite = attackSuite('attack-rate-limit', {
  TRUSTED_PROXY_HOPS: '1',
  LOGIN_LIMIT_PER_ADDRESS: String(LOGIN_PER_ADDRESS),
  REGISTER_LIMIT_PER_ADDRESS: String(REGISTER_PER_ADDRESS),
});

const PASSWORD = 'a good long password';
const LOGIN = 'mutation ($input: LoginInput) { login(input: $input) { access_token } }';

let addresses = 0;
/** A client address never used before (from the benchmarking range 198.18.0.0/15). */
const newAddress = () => {
  addresses += 1;
  return `198.18.${addresses >> 8}.${addresses & 255}`;
};
const from = (address: string) => ({ 'x-forwarded-for': address });

const login = (
  username: string,
  password: string,
  address: string,
  client: GraphQLClient = suite.system.gateway,
) => client.request(LOGIN, { input: { username, password } }, from(address));

const register = (username: string, address: string) =>
  suite.system.gateway.request(
    operation('RegisterUser'),
    { input: { username, password: PASSWORD } },
    from(address),
  );

const uniqueName = (stem: string) => `${stem}_${randomBytes(4).toString('hex')}`;

/** A new account, signed up from an address of its own; returns its username. */
async function signUp(stem: string): Promise<string> {
  const username = uniqueName(stem);
  expectOk(await register(username, newAddress()));
  return username;
}

function expectRateLimited(response: GraphQLResponse<unknown>, windowSeconds = 900) {
  expect(response.status).toBe(429);
  expect(GraphQLClient.code(response)).toBe('RATE_LIMITED');
  const retryAfter = response.errors?.[0]?.extensions?.['retryAfter'];
  expect(retryAfter).toEqual(expect.any(Number));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(response.data ?? undefined).toBeUndefined();
}

describe('login, per username', () => {
  it('11 failed logins: the 11th is RATE_LIMITED, even with the right password', async () => {
    const victim = await signUp('victim');
    await suite.db.expectNothingChanged(async () => {
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        const response = await login(victim, `guess ${attempt}`, newAddress());
        expect(GraphQLClient.code(response)).toBe('INVALID_CREDENTIALS');
      }
      expectRateLimited(await login(victim, 'guess 11', newAddress()));
      expectRateLimited(await login(victim, PASSWORD, newAddress()));
    });
    // Other accounts, from the same addresses, are not affected.
    const bystander = await signUp('bystander');
    const lastAddress = `198.18.${addresses >> 8}.${addresses & 255}`;
    expectOk(await login(bystander, PASSWORD, lastAddress));
  });

  it('the Retry-After header says the same as extensions.retryAfter', async () => {
    const victim = uniqueName('nobody');
    for (let attempt = 1; attempt <= 10; attempt += 1) await login(victim, 'x', newAddress());
    const response = await fetch(suite.system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...from(newAddress()) },
      body: JSON.stringify({
        query: LOGIN,
        variables: { input: { username: victim, password: 'x' } },
      }),
    });
    const body = (await response.json()) as GraphQLResponse<unknown>;
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe(
      String(body.errors?.[0]?.extensions?.['retryAfter']),
    );
  });

  it('aliases count one by one, and an operation over the budget is refused whole', async () => {
    const victim = await signUp('aliased');
    const guesses = (count: number, offset: number) =>
      `mutation { ${Array.from(
        { length: count },
        (_, i) =>
          `g${i}: login(input: { username: "${victim}", password: "guess ${offset + i}" }) { access_token }`,
      ).join(' ')} }`;
    await suite.db.expectNothingChanged(async () => {
      const five = await suite.system.gateway.request(guesses(5, 0), {}, from(newAddress()));
      expect(five.errors?.map((error) => error.extensions?.['code'])).toEqual(
        Array(5).fill('INVALID_CREDENTIALS'),
      );
      // Five used; eight more would make 13 > 10: none of the eight runs.
      expectRateLimited(await suite.system.gateway.request(guesses(8, 5), {}, from(newAddress())));
      // Through a fragment, the same count.
      const viaFragment = await suite.system.gateway.request(
        `mutation { ...F } fragment F on Mutation { a: login(input: { username: "${victim}", password: "x" }) { access_token } }`,
        {},
        from(newAddress()),
      );
      expectRateLimited(viaFragment);
    });
    // Login a with the right password: over the budget too (13 + 1 counted), refused.
    expectRateLimited(await login(victim, PASSWORD, newAddress()));
  });

  it('spellings of one name share a budget (Unicode NFC, as the users service compares)', async () => {
    const nfc = 'Jos\u00e9_' + randomBytes(3).toString('hex');
    const nfd = nfc.normalize('NFD');
    for (let attempt = 1; attempt <= 5; attempt += 1) await login(nfc, 'x', newAddress());
    for (let attempt = 1; attempt <= 5; attempt += 1) await login(nfd, 'x', newAddress());
    expectRateLimited(await login(nfc, 'x', newAddress()));
  });
});

describe('login, per client address', () => {
  it(`${LOGIN_PER_ADDRESS + 1} logins from one address, each with another name: the last is refused`, async () => {
    const address = newAddress();
    await suite.db.expectNothingChanged(async () => {
      for (let attempt = 1; attempt <= LOGIN_PER_ADDRESS; attempt += 1) {
        expect(GraphQLClient.code(await login(uniqueName('spray'), 'x', address))).toBe(
          'INVALID_CREDENTIALS',
        );
      }
      expectRateLimited(await login(uniqueName('spray'), 'x', address));
      // Made-up entries left of the one the proxy appended change nothing.
      expectRateLimited(await login(uniqueName('spray'), 'x', `10.9.8.7, ${address}`));
    });
    expect(GraphQLClient.code(await login(uniqueName('spray'), 'x', newAddress()))).toBe(
      'INVALID_CREDENTIALS',
    );
  });
});

describe('registerUser', () => {
  it(`per address: the ${REGISTER_PER_ADDRESS + 1}th sign-up from one address is refused, and nobody is created`, async () => {
    const address = newAddress();
    for (let attempt = 1; attempt <= REGISTER_PER_ADDRESS; attempt += 1) {
      expectOk(await register(uniqueName('signup'), address));
    }
    const name = uniqueName('signup');
    await suite.db.expectNothingChanged(async () => expectRateLimited(await register(name, address)));
    expect(await suite.db.users.user.count({ where: { username: name } })).toBe(0);
  });

  it('per username: the 11th attempt at one name is refused', async () => {
    const name = uniqueName('wanted');
    expectOk(await register(name, newAddress()));
    await suite.db.expectNothingChanged(async () => {
      for (let attempt = 2; attempt <= 10; attempt += 1) {
        expect(GraphQLClient.code(await register(name, newAddress()))).toBe('USERNAME_TAKEN');
      }
      expectRateLimited(await register(name, newAddress()));
    });
  });
});

describe('across gateway instances', () => {
  it('two gateways share one budget', async () => {
    const second = await startGateway(suite.system);
    try {
      const victim = uniqueName('roaming');
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        const via = attempt % 2 ? suite.system.gateway : second.client;
        expect(GraphQLClient.code(await login(victim, 'x', newAddress(), via))).toBe(
          'INVALID_CREDENTIALS',
        );
      }
      expectRateLimited(await login(victim, 'x', newAddress(), second.client));
      expectRateLimited(await login(victim, 'x', newAddress(), suite.system.gateway));
    } finally {
      await second.close();
    }
  });
});

describe('with the counters unreachable (Redis down)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    await redis?.destroy();
  });

  it('fails closed: login and registerUser get SERVICE_UNAVAILABLE, everything else works', async () => {
    const gateway = await startGateway(suite.system, { REDIS_URL: redis.url });
    try {
      const user = await signUp('during_outage');
      expectOk(await login(user, PASSWORD, newAddress(), gateway.client));

      await redis.stop();
      await suite.db.expectNothingChanged(async () => {
        const refused = await login(user, PASSWORD, newAddress(), gateway.client);
        expect(refused.status).toBe(503);
        expect(GraphQLClient.code(refused)).toBe('SERVICE_UNAVAILABLE');
        expect(refused.errors?.[0]?.extensions?.['retryAfter']).toEqual(expect.any(Number));
        const signup = await gateway.client.request(
          operation('RegisterUser'),
          { input: { username: uniqueName('outage'), password: PASSWORD } },
          from(newAddress()),
        );
        expect(GraphQLClient.code(signup)).toBe('SERVICE_UNAVAILABLE');
        expectOk(await gateway.client.request(operation('Products')));
      });

      await redis.start();
      await eventually(async () =>
        (await login(user, PASSWORD, newAddress(), gateway.client)).errors ? undefined : true,
      );
    } finally {
      await gateway.close();
    }
  });

  it('fails open when configured to: logins go through unlimited', async () => {
    const gateway = await startGateway(suite.system, {
      REDIS_URL: redis.url,
      RATE_LIMIT_WHEN_UNAVAILABLE: 'open',
      LOGIN_LIMIT_PER_USERNAME: '1',
    });
    try {
      const victim = uniqueName('open');
      await login(victim, 'x', newAddress(), gateway.client);
      expectRateLimited(await login(victim, 'x', newAddress(), gateway.client));
      await redis.stop();
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const response = await login(victim, 'x', newAddress(), gateway.client);
        expect(GraphQLClient.code(response)).toBe('INVALID_CREDENTIALS');
      }
    } finally {
      await redis.start();
      await eventually(async () => (await ping(gateway.client)) || undefined);
      await gateway.close();
    }
  });
});

/** The gateway's limiter reaches Redis again (a fresh name's login is counted, not waved through). */
async function ping(client: GraphQLClient): Promise<boolean> {
  const name = uniqueName('ping');
  await login(name, 'x', newAddress(), client);
  return GraphQLClient.code(await login(name, 'x', newAddress(), client)) === 'RATE_LIMITED';
}

describe('after all that', () => {
  it('a normal user still registers and signs in', async () => {
    const username = await signUp('regular');
    expectOk(await login(username, PASSWORD, newAddress()));
    expectOk(await suite.system.gateway.request(operation('Products')));
  });
});
