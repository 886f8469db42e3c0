import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { TokenService } from '@commerce/auth';
import { createReviewsClient, type ReviewsPrismaClient } from '@commerce/db/reviews';
import { createLogger, listen, parseConfig } from '@commerce/service';
import { createTestDatabase, type TestDatabase } from '@commerce/testing';
import { manualsConfigSchema } from '@commerce/manuals-service/src/config';
import { buildManualsService } from '@commerce/manuals-service/src/server';
import { reviewsConfigSchema } from '@commerce/reviews-service/src/config';
import { buildReviewsService } from '@commerce/reviews-service/src/server';
import { restConfigSchema } from '../src/config';
import { buildRestSubgraph } from '../src/server';

const logger = createLogger('rest-subgraph-test', 'silent');
const JWT_SECRET = 'rest-subgraph-test-secret-of-32-bytes!!';
const tokens = new TokenService({
  secret: JWT_SECRET,
  issuer: 'commerce-users',
  audience: 'commerce',
});
const PRODUCT = 'product-with-manual';

let database: TestDatabase;
let db: ReviewsPrismaClient;
let reviews: FastifyInstance;
let manuals: FastifyInstance;
const closers: Array<() => Promise<unknown>> = [];

/** A rest-subgraph listening on port 0, its sources at the given base URLs. */
async function restSubgraph(variables: Record<string, string>, env: Record<string, string> = {}) {
  const config = parseConfig(restConfigSchema, { REST_TIMEOUT_MS: '500', ...env });
  const { app } = await buildRestSubgraph({ config, logger, variables });
  const url = `${await listen(app, '127.0.0.1', 0)}/graphql`;
  closers.push(() => app.close());
  return async (
    query: string,
    variablesOf: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables: variablesOf }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };
}

/** A stand-in REST service whose answers a test scripts; it records every request. */
async function fakeService(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  closers.push(async () => server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

let real: Awaited<ReturnType<typeof restSubgraph>>;

beforeAll(async () => {
  database = await createTestDatabase('reviews');
  db = createReviewsClient(database.url, { poolSize: 4 });
  reviews = buildReviewsService({
    config: parseConfig(reviewsConfigSchema, { REVIEWS_DATABASE_URL: database.url, JWT_SECRET }),
    logger,
    db,
  });
  const MANUALS_FILE = join(mkdtempSync(join(tmpdir(), 'manuals-')), 'manuals.json');
  writeFileSync(
    MANUALS_FILE,
    JSON.stringify({ manuals: { [PRODUCT]: { url: 'https://m.example/1.pdf' } } }),
  );
  manuals = buildManualsService({
    config: parseConfig(manualsConfigSchema, { MANUALS_FILE }),
    logger,
  });
  real = await restSubgraph({
    REVIEWS_SERVICE_URL: await listen(reviews, '127.0.0.1', 0),
    MANUALS_SERVICE_URL: await listen(manuals, '127.0.0.1', 0),
  });
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await reviews?.close();
  await manuals?.close();
  await db?.$disconnect();
  await database?.drop();
});

const CREATE = `mutation ($key: String!, $input: ReviewDraftInput!) {
  createReview(productKey: $key, input: $input) { id rating text authorId author { _id } }
}`;
const PRODUCT_FIELDS = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Product { _id reviews(first: 2) { rating text author { _id } } reviewsPage(first: 2) { total amount } manuals { url } }
  }
}`;

describe('rest-subgraph against the real reviews and manuals services', () => {
  it('posts reviews as the token user; Product gets reviews (link list, paged) and manuals (reverse links)', async () => {
    const authors = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, author] of authors.entries()) {
      const token = await tokens.sign({ userId: author, username: `user${i}` });
      const created = await real(
        CREATE,
        { key: PRODUCT, input: { rating: i + 3, text: `review ${i}` } },
        { authorization: `Bearer ${token}` },
      );
      expect(created.errors).toBeUndefined();
      expect(created.data.createReview).toMatchObject({
        rating: i + 3,
        authorId: author,
        author: { _id: author },
      });
    }
    const { data, errors } = await real(PRODUCT_FIELDS, {
      reps: [
        { __typename: 'Product', _id: PRODUCT },
        { __typename: 'Product', _id: 'no-manual' },
      ],
    });
    expect(errors).toBeUndefined();
    expect(data._entities).toEqual([
      {
        _id: PRODUCT,
        reviews: [
          { rating: 5, text: 'review 2', author: { _id: authors[2] } },
          { rating: 4, text: 'review 1', author: { _id: authors[1] } },
        ],
        reviewsPage: { total: 3, amount: 2 },
        manuals: { url: 'https://m.example/1.pdf' },
      },
      { _id: 'no-manual', reviews: [], reviewsPage: { total: 0, amount: 0 }, manuals: null },
    ]);
  });

  it('a review posted without a token is refused (UNAUTHENTICATED); a second one by the same user is BAD_USER_INPUT with the upstream code', async () => {
    const refused = await real(CREATE, { key: 'p-auth', input: { rating: 3, text: 'x' } });
    expect(refused.data.createReview).toBeNull();
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const token = await tokens.sign({ userId: randomUUID(), username: 'twice' });
    const headers = { authorization: `Bearer ${token}` };
    expect(
      (await real(CREATE, { key: 'p-auth', input: { rating: 3, text: 'x' } }, headers)).errors,
    ).toBeUndefined();
    const again = await real(CREATE, { key: 'p-auth', input: { rating: 3, text: 'y' } }, headers);
    expect(again.errors?.[0]).toMatchObject({
      message: 'you have reviewed this product already',
      extensions: {
        code: 'BAD_USER_INPUT',
        details: { source: 'reviews', status: 409, upstreamCode: 'REVIEW_EXISTS' },
      },
    });
    const invalid = await real(CREATE, { key: 'p-auth', input: { rating: 9, text: 'y' } }, headers);
    expect(invalid.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { upstreamCode: 'INVALID_RATING' },
    });
  });

  it('an unknown review is null with NOT_FOUND; a Review entity resolves by its GET', async () => {
    const missing = await real('query ($id: String!) { getReview(id: $id) { id } }', {
      id: randomUUID(),
    });
    expect(missing.data.getReview).toBeNull();
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const [first] = await db.review.findMany({ take: 1 });
    const entity = await real(
      'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Review { id text } } }',
      {
        reps: [{ __typename: 'Review', id: first!.id }],
      },
    );
    expect(entity.data._entities).toEqual([{ id: first!.id, text: first!.text }]);
  });
});

describe('rest-subgraph runtime against scripted REST services', () => {
  const review = (id: string) => ({
    id,
    productKey: 'p',
    rating: 4,
    text: 't',
    authorId: 'a',
    createdAt: '2026-01-01T00:00:00.000Z',
  });

  it('identical GETs of one request are made once; link lists are followed at most REST_LINK_CONCURRENCY at once', async () => {
    let inFlight = 0;
    let most = 0;
    const service = await fakeService((request, response) => {
      if (request.url?.startsWith('/products/')) {
        const elements = Array.from({ length: 6 }, (_, i) => ({ url: `/reviews/r${i % 3}` }));
        return json(response, 200, { elements, total: 6, offset: 0, amount: 6 });
      }
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        json(response, 200, review(request.url!.slice('/reviews/'.length)));
      }, 30);
    });
    const query = await restSubgraph(
      { REVIEWS_SERVICE_URL: service.url, MANUALS_SERVICE_URL: service.url },
      { REST_LINK_CONCURRENCY: '2' },
    );
    const { data, errors } = await query(`{
      a: listProductReviews(productKey: "p") { id }
      b: listProductReviews(productKey: "p") { id }
      c: getReview(id: "r0") { id }
    }`);
    expect(errors).toBeUndefined();
    expect(data.a.map((r: { id: string }) => r.id)).toEqual(['r0', 'r1', 'r2', 'r0', 'r1', 'r2']);
    expect(service.requests.map((r) => r.url).sort()).toEqual([
      '/products/p/reviews',
      '/reviews/r0',
      '/reviews/r1',
      '/reviews/r2',
    ]);
    expect(most).toBeLessThanOrEqual(2);
  });

  it.each([
    [
      'answering 500',
      (response: ServerResponse) => json(response, 500, { message: 'db password is hunter2' }),
    ],
    [
      'too slow',
      (response: ServerResponse) => setTimeout(() => json(response, 200, review('x')), 1_500),
    ],
    [
      'answering something unreadable',
      (response: ServerResponse) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end('{'),
    ],
  ])(
    'a service %s: the field is null with a masked UPSTREAM_UNAVAILABLE',
    async (_case, answer) => {
      const service = await fakeService((_request, response) => answer(response));
      const query = await restSubgraph({
        REVIEWS_SERVICE_URL: service.url,
        MANUALS_SERVICE_URL: service.url,
      });
      const { data, errors } = await query('{ getReview(id: "x") { id } }');
      expect(data.getReview).toBeNull();
      expect(errors).toEqual([
        expect.objectContaining({
          message: 'A service this field needs is unavailable; retry shortly',
          extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        }),
      ]);
    },
  );

  it('a service that refuses connections: UPSTREAM_UNAVAILABLE', async () => {
    const service = await fakeService(() => undefined);
    await closers.pop()!();
    await closers.pop()!();
    const query = await restSubgraph({
      REVIEWS_SERVICE_URL: service.url,
      MANUALS_SERVICE_URL: service.url,
    });
    const { data, errors } = await query('{ getManual(productKey: "p") { url } }');
    expect(data.getManual).toBeNull();
    expect(errors?.[0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it("a 4xx's message is sanitised: no markup, bounded", async () => {
    const service = await fakeService((_request, response) => {
      response.writeHead(400, { 'content-type': 'text/html' });
      response.end(`<html><script>alert(1)</script><b>bad</b> ${'x'.repeat(500)}</html>`);
    });
    const query = await restSubgraph({
      REVIEWS_SERVICE_URL: service.url,
      MANUALS_SERVICE_URL: service.url,
    });
    const { errors } = await query('{ getReview(id: "x") { id } }');
    expect(errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].message).not.toMatch(/[<>]/);
    expect(errors?.[0].message.startsWith('alert(1) bad xxx')).toBe(true);
    expect(errors?.[0].message.length).toBeLessThanOrEqual(200);
  });

  it('forwards authorization and the configured headers only, each to the sources configured for it', async () => {
    const service = await fakeService((request, response) =>
      request.url?.startsWith('/manuals/')
        ? json(response, 200, { url: 'https://m.example/x' })
        : json(response, 200, review('r')),
    );
    const query = await restSubgraph({
      REVIEWS_SERVICE_URL: service.url,
      MANUALS_SERVICE_URL: service.url,
    });
    await query(
      '{ getReview(id: "r") { id } getManual(productKey: "p") { url } }',
      {},
      {
        authorization: 'Bearer t',
        'accept-language': 'de',
        cookie: 'session=1',
        'x-api-key': 'secret',
      },
    );
    const byPath = Object.fromEntries(service.requests.map((r) => [r.url, r.headers]));
    expect(byPath['/reviews/r']).toMatchObject({
      authorization: 'Bearer t',
      'accept-language': 'de',
    });
    expect(byPath['/manuals/p']).toMatchObject({ 'accept-language': 'de' });
    expect(byPath['/manuals/p']).not.toHaveProperty('authorization');
    for (const headers of Object.values(byPath)) {
      expect(headers).not.toHaveProperty('cookie');
      expect(headers).not.toHaveProperty('x-api-key');
    }
  });

  it('a link to another origin is not followed', async () => {
    const service = await fakeService((_request, response) =>
      json(response, 200, {
        elements: [{ url: 'http://169.254.169.254/latest' }],
        total: 1,
        offset: 0,
        amount: 1,
      }),
    );
    const query = await restSubgraph({
      REVIEWS_SERVICE_URL: service.url,
      MANUALS_SERVICE_URL: service.url,
    });
    const { data, errors } = await query('{ listProductReviews(productKey: "p") { id } }');
    expect(data.listProductReviews).toEqual([null]);
    expect(errors?.[0]).toMatchObject({
      path: ['listProductReviews', 0],
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(service.requests).toHaveLength(1);
  });

  it('refuses to start when schema.graphql is not what the sources generate, or a base URL is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rest-sources-'));
    writeFileSync(
      join(dir, 'sources.yaml'),
      `sources:\n  - name: manuals\n    document: ${join(__dirname, '..', '..', 'manuals-service', 'openapi.yaml')}\n    baseUrl: http://127.0.0.1:1\n`,
    );
    writeFileSync(join(dir, 'schema.graphql'), 'type Query { stale: Int }\n');
    const config = parseConfig(restConfigSchema, { OPENAPI_SOURCES: join(dir, 'sources.yaml') });
    await expect(buildRestSubgraph({ config, logger, variables: {} })).rejects.toThrow(
      /openapi:sdl -- --write/,
    );
    const defaults = parseConfig(restConfigSchema, {});
    await expect(
      buildRestSubgraph({
        config: defaults,
        logger,
        variables: { REVIEWS_SERVICE_URL: 'ftp://x' },
      }),
    ).rejects.toThrow('REVIEWS_SERVICE_URL: must be an http(s) URL');
  });
});
