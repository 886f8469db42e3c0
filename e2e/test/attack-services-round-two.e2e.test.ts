/**
 * Attack suite, round two (issue 15), the services' side: token time claims and subjects,
 * order totals past `Int`, control characters bound for Postgres, security headers, slow
 * clients, and metrics kept off the public port. Each attempt is refused with a stable
 * code, or cut, and changes nothing anywhere.
 */
import { connect } from 'node:net';
import { SignJWT } from 'jose';
import {
  bearer,
  expectOk,
  GraphQLClient,
  type GraphQLResponse,
  operation,
  type Session,
} from '@commerce/testing';
import { attackSuite, postJson, send } from '../src/attack';
import { TEST_SECRETS } from '../src/config';

// A short request deadline on the gateway, so a stalled body is cut within the test; the
// subgraphs keep the defaults.
const suite = attackSuite('attack-services-round-two', {
  HTTP_HEADERS_TIMEOUT_MS: '1000',
  HTTP_REQUEST_TIMEOUT_MS: '2000',
});
let buyer: Session;
let priciest: string;

const MAX_PRICE = 100_000_000;
const admin = { 'x-api-key': TEST_SECRETS.API_SECRET };

beforeAll(async () => {
  buyer = await suite.shop.register();
  priciest = (await suite.shop.createProduct(1_000, MAX_PRICE, 'Yacht'))._id;
});

async function expectRefused(attempt: () => Promise<GraphQLResponse<unknown>>, code: string) {
  const response = await suite.db.expectNothingChanged(attempt);
  expect(response.status).toBeLessThan(500);
  expect(GraphQLClient.code(response)).toBe(code);
  return response;
}

describe('token time claims and subjects', () => {
  const key = new TextEncoder().encode(TEST_SECRETS.JWT_SECRET);
  const now = () => Math.floor(Date.now() / 1000);
  const YEAR = 365 * 24 * 3600;
  const token = (claims: { iat: number; exp: number; sub?: string }) =>
    new SignJWT({ username: buyer.username })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub ?? buyer.userId)
      .setIssuer('commerce-users')
      .setAudience('commerce')
      .setIssuedAt(claims.iat)
      .setExpirationTime(claims.exp)
      .sign(key);

  it.each<[string, () => Promise<string>]>([
    ['issued a year from now', () => token({ iat: now() + YEAR, exp: now() + YEAR + 3600 })],
    ['issued ten minutes from now', () => token({ iat: now() + 600, exp: now() + 3600 })],
    ['valid for ten years', () => token({ iat: now(), exp: now() + 10 * YEAR })],
    ['valid for a day and a minute', () => token({ iat: now(), exp: now() + 24 * 3600 + 60 })],
    ['issued two days ago, expiring in an hour', () => token({ iat: now() - 2 * 86400, exp: now() + 3600 })],
    ['whose subject is no user id', () => token({ iat: now(), exp: now() + 3600, sub: 'not-a-uuid' })],
    ['whose subject is SQL', () => token({ iat: now(), exp: now() + 3600, sub: "' OR 1=1 --" })],
  ])('a token %s: UNAUTHENTICATED everywhere, no order placed', async (_what, make) => {
    const forged = await make();
    await expectRefused(
      () => suite.shop.placeOrder(forged, [{ _id: priciest, quantity: 1 }]),
      'UNAUTHENTICATED',
    );
    await expectRefused(
      () => suite.system.gateway.request(operation('Orders'), {}, bearer(forged)),
      'UNAUTHENTICATED',
    );
    await expectRefused(
      () => suite.system.gateway.request('{ me { _id } }', {}, bearer(forged)),
      'UNAUTHENTICATED',
    );
  });

  it('a token of ordinary shape is accepted (the attempts above differ from it in one claim)', async () => {
    const genuine = await token({ iat: now(), exp: now() + 3600 });
    const me = expectOk(
      await suite.system.gateway.request<{ me: { _id: string } }>('{ me { _id } }', {}, bearer(genuine)),
    );
    expect(me.me._id).toBe(buyer.userId);
  });
});

describe('order totals', () => {
  it.each([
    ['22 units at the largest price', [{ quantity: 22 }]],
    ['the most units at the largest price', [{ quantity: 10_000 }]],
  ])('%s: ORDER_TOTAL_TOO_LARGE, nothing written', async (_what, lines) => {
    await expectRefused(
      () =>
        suite.shop.placeOrder(
          buyer.token,
          lines.map(({ quantity }) => ({ _id: priciest, quantity })),
        ),
      'ORDER_TOTAL_TOO_LARGE',
    );
  });

  it('with an idempotency key: refused, and the key stays unused', async () => {
    await expectRefused(
      () =>
        suite.system.gateway.request(
          operation('PlaceOrder'),
          { products: [{ _id: priciest, quantity: 22 }] },
          { ...bearer(buyer.token), 'idempotency-key': 'round-two-total' },
        ),
      'ORDER_TOTAL_TOO_LARGE',
    );
  });

  it('the largest order that fits is placed, and its total reads back for the owner and the admin', async () => {
    const placed = expectOk(await suite.shop.placeOrder(buyer.token, [{ _id: priciest, quantity: 21 }]));
    const query = 'query ($id: ID!) { order(id: $id) { total } }';
    const id = placed.placeOrder._id;
    const own = expectOk(
      await suite.system.gateway.request<{ order: { total: number } }>(query, { id }, bearer(buyer.token)),
    );
    expect(own.order.total).toBe(21 * MAX_PRICE);
    const listed = expectOk(
      await suite.system.gateway.request<{ orders: { total: number }[] }>(
        '{ orders(first: 100) { total } }',
        {},
        admin,
      ),
    );
    expect(listed.orders.map((order) => order.total)).toContain(21 * MAX_PRICE);
  });
});

describe('control characters bound for Postgres', () => {
  const login = (username: string) =>
    suite.system.gateway.request(
      'mutation ($input: LoginInput) { login(input: $input) { access_token } }',
      { input: { username, password: 'a good long password' } },
    );

  it.each([
    ['a NUL byte', '\u0000'],
    ['a NUL byte after a real name', 'NAME\u0000'],
    ['a bell', 'NAME\u0007'],
    ['an escape sequence', '\u001b[2J'],
  ])('login with %s in the username: INVALID_CREDENTIALS, no query', async (_what, raw) => {
    await expectRefused(() => login(raw.replace('NAME', buyer.username)), 'INVALID_CREDENTIALS');
  });

  it('registerUser with a NUL byte: INVALID_USERNAME', async () => {
    await expectRefused(
      () =>
        suite.system.gateway.request(operation('RegisterUser'), {
          input: { username: 'nul\u0000user', password: 'a good long password' },
        }),
      'INVALID_USERNAME',
    );
  });

  it.each([
    ['a NUL byte', 'Kettle\u0000'],
    ['a right-to-left override', 'Kettle\u202egnp.exe'],
    ['a zero-width space', 'Ket\u200btle'],
    ['a left-to-right isolate', 'Kettle \u2066x\u2069'],
  ])('a product name with %s: INVALID_NAME, on create and on update', async (_what, name) => {
    await expectRefused(
      () =>
        suite.system.gateway.request(
          operation('CreateProduct'),
          { input: { name, price: 1, quantity: 1 } },
          admin,
        ),
      'INVALID_NAME',
    );
    await expectRefused(
      () =>
        suite.system.gateway.request(
          'mutation ($id: ID!, $name: String) { updateProduct(id: $id, input: { name: $name }) { _id } }',
          { id: priciest, name },
          admin,
        ),
      'INVALID_NAME',
    );
  });

  it('ids with a NUL byte find nothing, without an error', async () => {
    const response = await suite.db.expectNothingChanged(() =>
      suite.system.gateway.request(
        'query ($id: ID!) { product(id: $id) { _id } order(id: $id) { _id } }',
        { id: `${priciest}\u0000` },
        bearer(buyer.token),
      ),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ product: null, order: null });
  });
});

describe('security headers', () => {
  const EXPECTED = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
  };

  const expectSecured = (what: string, headers: Headers) => {
    for (const [name, value] of Object.entries(EXPECTED)) {
      expect([what, name, headers.get(name)]).toEqual([what, name, value]);
    }
    expect([what, headers.get('x-powered-by')]).toEqual([what, null]);
  };

  it('on every kind of gateway response, with no-store for clients', async () => {
    const gateway = suite.system.gateway.url;
    const base = gateway.replace(/\/graphql$/, '');
    const responses: [string, Headers][] = [
      ['a query', (await postJson(gateway, JSON.stringify({ query: operation('Products') }))).headers],
      ['bad JSON', (await postJson(gateway, '{nope')).headers],
      ['a refused operation', (await postJson(gateway, JSON.stringify({ query: '{ nope }' }))).headers],
      ['/health', (await send(`${base}/health`, { method: 'GET' })).headers],
      ['/ready', (await send(`${base}/ready`, { method: 'GET' })).headers],
      ['a 404', (await send(`${base}/nowhere`, { method: 'GET' })).headers],
    ];
    for (const [what, headers] of responses) {
      expectSecured(what, headers);
      expect([what, headers.get('cache-control')]).toEqual([what, 'no-store']);
    }
  });

  it("on every subgraph's responses; a catalogue read keeps its cache hint for the gateway", async () => {
    for (const [name, url] of Object.entries(suite.system.subgraphUrls)) {
      const health = await send(url.replace(/\/graphql$/, '/health'), { method: 'GET' });
      expectSecured(`${name} /health`, health.headers);
      expect(health.headers.get('cache-control')).toBe('no-store');
      const graphql = await postJson(url, JSON.stringify({ query: '{ __typename }' }));
      expectSecured(`${name} /graphql`, graphql.headers);
    }
    const read = await postJson(
      suite.system.subgraphUrls.products,
      JSON.stringify({ query: '{ products(first: 5) { _id } }' }),
    );
    expect(read.headers.get('cache-control')).toBe('max-age=30, public');
  });
});

describe('slow clients', () => {
  /** Opens a raw connection, writes `head`, and waits until the server closes it. */
  const stall = (url: string, head: string) =>
    new Promise<{ answer: string; ms: number }>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const started = Date.now();
      const socket = connect(Number(port), hostname);
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
      socket.on('error', reject);
      socket.write(head);
    });
  const partialBody = (url: string) =>
    `POST ${new URL(url).pathname} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
    'Content-Length: 1000\r\n\r\n{"query":';

  it('10 bytes of a promised 1,000-byte body: the gateway cuts it with a 408 at its deadline', async () => {
    const { answer, ms } = await suite.db.expectNothingChanged(() =>
      stall(suite.system.gatewayUrl, partialBody(suite.system.gatewayUrl)),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    // 2 s, checked each second.
    expect(ms).toBeLessThan(6_000);
  });

  it('headers that never end: every subgraph closes the socket at its default deadline', async () => {
    const results = await Promise.all(
      Object.values(suite.system.subgraphUrls).map((url) =>
        stall(url, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: '),
      ),
    );
    for (const { ms } of results) expect(ms).toBeLessThan(15_000);
  }, 30_000);
});

describe('metrics', () => {
  it('are not served on the public port of the gateway or of any subgraph', async () => {
    const bases = [suite.system.gatewayUrl, ...Object.values(suite.system.subgraphUrls)].map((url) =>
      url.replace(/\/graphql$/, ''),
    );
    for (const base of bases) {
      const response = await fetch(`${base}/metrics`);
      expect([base, response.status]).toEqual([base, 404]);
      expect(await response.text()).not.toMatch(/process_cpu|nodejs_/);
    }
  });
});
