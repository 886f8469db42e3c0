import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createReviewsClient, type ReviewsPrismaClient } from '@commerce/db/reviews';
import { TokenService } from '@commerce/auth';
import { createLogger, listen, parseConfig } from '@commerce/service';
import { createTestDatabase, type TestDatabase } from '@commerce/testing';
import { reviewsConfigSchema } from '../src/config';
import { buildReviewsService } from '../src/server';

const JWT_SECRET = 'reviews-service-test-secret-of-32-bytes!';
let database: TestDatabase;
let db: ReviewsPrismaClient;
let app: FastifyInstance;
let url: string;
const tokens = new TokenService({
  secret: JWT_SECRET,
  issuer: 'commerce-users',
  audience: 'commerce',
});

beforeAll(async () => {
  database = await createTestDatabase('reviews');
  db = createReviewsClient(database.url, { poolSize: 4 });
  const config = parseConfig(reviewsConfigSchema, {
    REVIEWS_DATABASE_URL: database.url,
    JWT_SECRET,
    PORT: '0',
  });
  app = buildReviewsService({ config, logger: createLogger('reviews-test', 'silent'), db });
  url = await listen(app, '127.0.0.1', 0);
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await database?.drop();
});

async function call(method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

const tokenFor = (userId = randomUUID()) =>
  tokens.sign({ userId, username: `u${userId.slice(0, 8)}` });

describe('reviews service on a real Postgres', () => {
  it('publishes its OpenAPI 3.1 document and the shell endpoints', async () => {
    const document = await call('GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    expect(Object.keys(document.body.paths)).toEqual([
      '/products/{productKey}/reviews',
      '/reviews/{id}',
    ]);
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await call('GET', '/ready')).body).toEqual({
      status: 'ready',
      checks: { postgres: 'ok' },
    });
    expect(document.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('posts a review as the token user, reads it back, lists it as a link', async () => {
    const productKey = randomUUID();
    const userId = randomUUID();
    const created = await call(
      'POST',
      `/products/${productKey}/reviews`,
      { rating: 4, text: '  Sturdy.  ' },
      await tokenFor(userId),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      productKey,
      rating: 4,
      text: 'Sturdy.',
      authorId: userId,
    });
    expect(created.headers.get('location')).toBe(`/reviews/${created.body.id}`);
    expect((await call('GET', `/reviews/${created.body.id}`)).body).toEqual(created.body);
    expect((await call('GET', `/products/${productKey}/reviews`)).body).toEqual({
      elements: [{ type: 'Link', url: `/reviews/${created.body.id}` }],
      total: 1,
      offset: 0,
      amount: 1,
    });
  });

  it('pages newest first with offset and amount', async () => {
    const productKey = randomUUID();
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const created = await call(
        'POST',
        `/products/${productKey}/reviews`,
        { rating: i, text: `r${i}` },
        await tokenFor(),
      );
      ids.push(created.body.id);
    }
    const page = await call('GET', `/products/${productKey}/reviews?offset=1&amount=1`);
    expect(page.body).toEqual({
      elements: [{ type: 'Link', url: `/reviews/${ids[1]}` }],
      total: 3,
      offset: 1,
      amount: 1,
    });
    const rest = await call('GET', `/products/${productKey}/reviews?offset=2&amount=100`);
    expect(rest.body.elements).toEqual([{ type: 'Link', url: `/reviews/${ids[0]}` }]);
  });

  it('one review per user and product: the second is 409 REVIEW_EXISTS', async () => {
    const productKey = randomUUID();
    const token = await tokenFor();
    expect(
      (await call('POST', `/products/${productKey}/reviews`, { rating: 5, text: 'a' }, token))
        .status,
    ).toBe(201);
    const again = await call(
      'POST',
      `/products/${productKey}/reviews`,
      { rating: 1, text: 'b' },
      token,
    );
    expect(again).toMatchObject({ status: 409, body: { code: 'REVIEW_EXISTS' } });
    expect(
      (await call('POST', `/products/${randomUUID()}/reviews`, { rating: 1, text: 'b' }, token))
        .status,
    ).toBe(201);
  });

  it.each([
    ['no token', undefined, 401, 'UNAUTHENTICATED'],
    ['a forged token', 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', 401, 'UNAUTHENTICATED'],
  ])('refuses writing with %s', async (_case, token, status, code) => {
    const refused = await call(
      'POST',
      `/products/${randomUUID()}/reviews`,
      { rating: 3, text: 'x' },
      token,
    );
    expect(refused).toMatchObject({ status, body: { code } });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['rating 0', { rating: 0, text: 'x' }, 'INVALID_RATING'],
    ['rating 6', { rating: 6, text: 'x' }, 'INVALID_RATING'],
    ['rating 2.5', { rating: 2.5, text: 'x' }, 'INVALID_RATING'],
    ['rating as a string', { rating: '3', text: 'x' }, 'INVALID_RATING'],
    ['empty text', { rating: 3, text: '   ' }, 'INVALID_TEXT'],
    ['text too long', { rating: 3, text: 'x'.repeat(2001) }, 'INVALID_TEXT'],
    ['a control character', { rating: 3, text: 'a\u0007b' }, 'INVALID_TEXT'],
    ['no object', [1, 2], 'BAD_REQUEST'],
    ['not JSON', '{"rating":', 'BAD_REQUEST'],
  ])('400 for %s', async (_case, body, code) => {
    const refused = await call('POST', `/products/${randomUUID()}/reviews`, body, await tokenFor());
    expect(refused).toMatchObject({ status: 400, body: { code } });
  });

  it.each([
    ['/products/a%20b/reviews', 'INVALID_PRODUCT_KEY'],
    [`/products/${'k'.repeat(99)}%21/reviews`, 'INVALID_PRODUCT_KEY'],
    ['/products/p/reviews?amount=0', 'INVALID_PAGING'],
    ['/products/p/reviews?amount=101', 'INVALID_PAGING'],
    ['/products/p/reviews?offset=-1', 'INVALID_PAGING'],
    ['/products/p/reviews?offset=x', 'INVALID_PAGING'],
    ['/reviews/not-a-uuid', 'INVALID_ID'],
  ])('400 for GET %s', async (path, code) => {
    expect(await call('GET', path)).toMatchObject({ status: 400, body: { code } });
  });

  it("a product key past the router's 100 characters is 414", async () => {
    expect((await call('GET', `/products/${'k'.repeat(101)}/reviews`)).status).toBe(414);
  });

  it('404 NOT_FOUND for an unknown review or route', async () => {
    expect(await call('GET', `/reviews/${randomUUID()}`)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await call('GET', '/nope')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});
