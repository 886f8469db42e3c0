/**
 * Attack suite, part 1: malformed and abusive requests against a production-mode gateway.
 * Every refusal has a stable code and leaves every database as it was.
 */
import { bearer, expectOk, GraphQLClient, operation } from '@commerce/testing';
import { attackSuite, postJson, send, startGateway, type RawResponse } from '../src/attack';
import { ADMIN } from '../src/shop';

const suite = attackSuite('attack-requests');
let productId: string;

beforeAll(async () => {
  productId = (await suite.shop.createProduct(50, 700, 'Lamp'))._id;
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  postJson(suite.system.gatewayUrl, JSON.stringify(body), headers);

function expectRefused(response: RawResponse, status: number, code: string) {
  expect({ status: response.status, code: GraphQLClient.code(response.body) }).toEqual({
    status,
    code,
  });
  expect(response.body.data ?? undefined).toBeUndefined();
}

describe('malformed requests', () => {
  it('a syntax error: GRAPHQL_PARSE_FAILED', async () => {
    const response = await suite.db.expectNothingChanged(() => post({ query: '{ products { _id ' }));
    expectRefused(response, 400, 'GRAPHQL_PARSE_FAILED');
  });

  it('an empty body, a body that is not JSON, JSON that is not a request: BAD_REQUEST', async () => {
    await suite.db.expectNothingChanged(async () => {
      expectRefused(await postJson(suite.system.gatewayUrl, ''), 400, 'BAD_REQUEST');
      expectRefused(
        await postJson(suite.system.gatewayUrl, '{"query": "{ products { _id } }"'),
        400,
        'BAD_REQUEST',
      );
      expectRefused(await postJson(suite.system.gatewayUrl, '"just a string"'), 400, 'BAD_REQUEST');
      expectRefused(await post({ variables: {} }), 400, 'BAD_REQUEST');
      expectRefused(await post({ query: 42 }), 400, 'BAD_REQUEST');
    });
  });

  it('a simple (non-preflighted) cross-site request is refused as CSRF', async () => {
    const query = encodeURIComponent('{ products { _id } }');
    await suite.db.expectNothingChanged(async () => {
      const get = await send(`${suite.system.gatewayUrl}?query=${query}`, {
        headers: { 'content-type': 'text/plain' },
      });
      expectRefused(get, 400, 'BAD_REQUEST');
      expect(get.body.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
      const bare = await send(`${suite.system.gatewayUrl}?query=${query}`, {});
      expectRefused(bare, 400, 'BAD_REQUEST');
      const form = await send(suite.system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `query=${query}`,
      });
      expect(form.status).toBeGreaterThanOrEqual(400);
      expect(form.status).toBeLessThan(500);
      expect(GraphQLClient.code(form.body)).toBe('BAD_REQUEST');
    });
    // The same GET with the preflight header a real client adds is served.
    const allowed = await send(`${suite.system.gatewayUrl}?query=${query}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(allowed.status).toBe(200);
  });

  it('a mutation over GET is refused (405), so links and images cannot write', async () => {
    const mutation = encodeURIComponent(
      'mutation { registerUser(input: { username: "via_get", password: "a good long password" }) { access_token } }',
    );
    const response = await suite.db.expectNothingChanged(() =>
      send(`${suite.system.gatewayUrl}?query=${mutation}`, {
        headers: { 'apollo-require-preflight': 'true' },
      }),
    );
    expectRefused(response, 405, 'BAD_REQUEST');
  });

  it('an oversize body: 413 PAYLOAD_TOO_LARGE before anything parses it', async () => {
    const body = JSON.stringify({ query: `{ products { ${'_id '.repeat(50_000)} } }` });
    expect(body.length).toBeGreaterThan(100_000);
    const response = await suite.db.expectNothingChanged(() => postJson(suite.system.gatewayUrl, body));
    expectRefused(response, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('abusive operations', () => {
  it('depth 50: OPERATION_TOO_DEEP', async () => {
    const nested = `${'orders { user { '.repeat(25)}_id${' } }'.repeat(25)}`;
    const response = await suite.db.expectNothingChanged(() =>
      post({ query: `{ me { ${nested} } }` }, bearer('not-even-a-token')),
    );
    expectRefused(response, 400, 'OPERATION_TOO_DEEP');
    expect(response.body.errors?.[0]?.message).toMatch(/depth limit of 10 exceeded/);
  });

  it('1,000 aliases of login: refused whole before any login runs (TOO_MANY_TOKENS)', async () => {
    const logins = Array.from(
      { length: 1_000 },
      (_, i) =>
        `a${i}: login(input: { username: "victim", password: "guess${i}" }) { access_token }`,
    ).join('\n');
    const response = await suite.db.expectNothingChanged(() => post({ query: `mutation { ${logins} }` }));
    expectRefused(response, 400, 'TOO_MANY_TOKENS');
  });

  it('16 aliases inside one field: TOO_MANY_ALIASES; 11 aliased logins: TOO_MANY_ROOT_FIELDS', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `n${i}: name`).join(' ');
    expectRefused(
      await suite.db.expectNothingChanged(() => post({ query: `{ products { ${aliases} } }` })),
      400,
      'TOO_MANY_ALIASES',
    );
    const logins = Array.from(
      { length: 11 },
      (_, i) =>
        `a${i}: login(input: { username: "victim", password: "guess${i}" }) { access_token }`,
    ).join('\n');
    expectRefused(
      await suite.db.expectNothingChanged(() => post({ query: `mutation { ${logins} }` })),
      400,
      'TOO_MANY_ROOT_FIELDS',
    );
  });

  it('an array batch of 100 operations: 400 BAD_REQUEST, none of them runs', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => ({
      query: operation('RegisterUser'),
      variables: { input: { username: `batched_${i}`, password: 'a good long password' } },
    }));
    const response = await suite.db.expectNothingChanged(() => post(batch));
    expectRefused(response, 400, 'BAD_REQUEST');
    expect(response.body.errors?.[0]?.message).toMatch(/batching/i);
  });

  it('fragments nested 50 deep: OPERATION_TOO_DEEP', async () => {
    const fragments = Array.from(
      { length: 50 },
      (_, i) =>
        `fragment F${i} on User { orders { user { ${i === 49 ? '_id' : `...F${i + 1}`} } } }`,
    ).join('\n');
    const response = await suite.db.expectNothingChanged(() =>
      post({ query: `{ users { ...F0 } }\n${fragments}` }),
    );
    expectRefused(response, 400, 'OPERATION_TOO_DEEP');
  });

  it('a fragment bomb (each level spreads the one below twice, 30 levels): answered at once', async () => {
    const levels = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i + 1} on Product { ...F${i} ...F${i} }`,
    ).join('\n');
    const query = `{ products(first: 1) { ...F30 } }\nfragment F0 on Product { _id name }\n${levels}`;
    const started = Date.now();
    const response = await suite.db.expectNothingChanged(() => post({ query }));
    expect(Date.now() - started).toBeLessThan(2_000);
    // Spreads of one fragment execute once: this is a small, valid query.
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });

  it('fragment cycles: GRAPHQL_VALIDATION_FAILED, no hang', async () => {
    const response = await suite.db.expectNothingChanged(() =>
      post({
        query:
          '{ users { ...A } } fragment A on User { orders { user { ...B } } } fragment B on User { ...A }',
      }),
    );
    expectRefused(response, 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('20,000 tokens: TOO_MANY_TOKENS, refused before parsing', async () => {
    const response = await suite.db.expectNothingChanged(() =>
      post({ query: `{ products { ${'_id '.repeat(20_000)} } }` }),
    );
    expectRefused(response, 400, 'TOO_MANY_TOKENS');
  });

  it('21 directives: TOO_MANY_DIRECTIVES', async () => {
    const response = await suite.db.expectNothingChanged(() =>
      post({ query: `{ products { ${'_id @include(if: true) '.repeat(21)} } }` }),
    );
    expectRefused(response, 400, 'TOO_MANY_DIRECTIVES');
  });

  it('fan-out across subgraphs (users × orders × lines × products): OPERATION_TOO_COSTLY', async () => {
    const response = await suite.db.expectNothingChanged(() =>
      post(
        { query: '{ users(first: 100) { orders(first: 100) { products { product { name } } } } }' },
        ADMIN,
      ),
    );
    expectRefused(response, 400, 'OPERATION_TOO_COSTLY');
  });

  it('a page size of 1e9 (and of -1, and past 2^31): refused with a code', async () => {
    await suite.db.expectNothingChanged(async () => {
      const huge = await post({ query: '{ products(first: 1000000000) { _id } }' });
      expect(GraphQLClient.code(huge.body)).toBe('INVALID_PAGINATION');
      expect(huge.body.data).toEqual({ products: null });
      const negative = await post({ query: '{ users(first: -1) { _id } }' });
      expect(GraphQLClient.code(negative.body)).toBe('INVALID_PAGINATION');
      const overflow = await post({ query: '{ products(first: 2147483648) { _id } }' });
      expectRefused(overflow, 400, 'GRAPHQL_VALIDATION_FAILED');
      const variable = await post({
        query: 'query ($n: Int) { products(first: $n) { _id } }',
        variables: { n: 1e9 },
      });
      expect(GraphQLClient.code(variable.body)).toBe('INVALID_PAGINATION');
    });
  });
});

describe('nothing leaks in production', () => {
  it('introspection is off', async () => {
    await suite.db.expectNothingChanged(async () => {
      for (const query of [
        '{ __schema { types { name } } }',
        '{ __type(name: "User") { fields { name } } }',
        '{ products { ... on Product { __type: __typename } } __schema { queryType { name } } }',
      ]) {
        expectRefused(await post({ query }), 400, 'GRAPHQL_VALIDATION_FAILED');
      }
    });
  });

  it('no "Did you mean" suggestions for fields, arguments, types or input fields', async () => {
    const attempts = [
      { query: '{ prodcts { _id } }' },
      { query: '{ products(frist: 1) { _id } }' },
      { query: '{ products { nam } }' },
      { query: 'query ($i: LoginInpt) { __typename }' },
      {
        query: operation('RegisterUser'),
        variables: { input: { usernam: 'someone', password: 'a good long password' } },
      },
    ];
    await suite.db.expectNothingChanged(async () => {
      for (const attempt of attempts) {
        const response = await post(attempt);
        expect(response.status).toBe(400);
        expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(
          GraphQLClient.code(response.body),
        );
        for (const error of response.body.errors ?? []) {
          expect(error.message).not.toMatch(/did you mean/i);
        }
      }
    });
  });

  it('errors carry only public extensions: no stack traces, service names or internals', async () => {
    const responses = await Promise.all([
      post({ query: '{ products { _id ' }),
      post({ query: '{ product(id: "nope") { _id } order(id: "x") { _id } }' }),
      post({ query: 'mutation { cancelOrder(id: "x") { _id } }' }, bearer('a.b.c')),
    ]);
    for (const response of responses) {
      for (const error of response.body.errors ?? []) {
        expect(
          Object.keys(error.extensions ?? {}).every((key) =>
            ['code', 'field', 'retryAfter', 'details'].includes(key),
          ),
        ).toBe(true);
        expect(JSON.stringify(error)).not.toMatch(/stack|serviceName|ECONNREFUSED|prisma|\/src\//i);
      }
    }
    expect(GraphQLClient.code(responses[2]!.body)).toBe('UNAUTHENTICATED');
  });
});

describe('a subgraph that is down', () => {
  it('answers INTERNAL_SERVER_ERROR with nothing about the subgraph, its address or the cause', async () => {
    const unreachable = await startGateway(suite.system, {
      ORDERS_SUBGRAPH_URL: 'http://127.0.0.1:1/graphql',
    });
    try {
      const response = await suite.db.expectNothingChanged(() =>
        postJson(unreachable.url, JSON.stringify({ query: operation('Orders') }), ADMIN),
      );
      expect(response.body.errors).toEqual([
        { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      expect(JSON.stringify(response.body)).not.toMatch(
        /127\.0\.0\.1|ECONNREFUSED|orders subgraph|serviceName/,
      );
    } finally {
      await unreachable.close();
    }
  });
});

describe('after all that', () => {
  it('a normal user still registers, browses and orders', async () => {
    const session = await suite.shop.register();
    const data = expectOk(
      await suite.system.gateway.request<{ products: { _id: string }[] }>(operation('Products')),
    );
    expect(data.products.map((p) => p._id)).toContain(productId);
    const order = expectOk(await suite.shop.placeOrder(session.token, [{ _id: productId, quantity: 1 }]));
    expect(order.placeOrder.userId).toBe(session.userId);
  });
});
