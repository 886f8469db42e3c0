import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, expectOk } from '@commerce/testing';
import { systemSuiteOver } from '../src/suite';

/**
 * Stands in front of the manuals service so a test can make it fail: pass the request on,
 * answer 500, answer too late, or stop listening (and listen again on the same port).
 */
async function startFlakyProxy() {
  const proxy = {
    target: '',
    mode: 'pass' as 'pass' | 'error' | 'slow',
    url: '',
    server: undefined as Server | undefined,
    port: 0,
    async listen() {
      const server = createServer(async (request, response) => {
        if (proxy.mode === 'error') {
          response.writeHead(500, { 'content-type': 'application/json' });
          return response.end('{"message":"stack trace with secrets"}');
        }
        try {
          if (proxy.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 3_000).unref());
          const upstream = await fetch(`${proxy.target}${request.url}`);
          response.writeHead(upstream.status, {
            'content-type': upstream.headers.get('content-type') ?? 'application/json',
          });
          response.end(await upstream.text());
        } catch {
          // The system stopped while a slow answer waited.
          response.destroy();
        }
      });
      await new Promise<void>((resolve) => server.listen(proxy.port, '127.0.0.1', resolve));
      proxy.server = server;
      proxy.port = (server.address() as AddressInfo).port;
      proxy.url = `http://127.0.0.1:${proxy.port}`;
    },
    async stop() {
      const server = proxy.server;
      proxy.server = undefined;
      if (!server) return;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    destroy: () => proxy.stop(),
  };
  await proxy.listen();
  return proxy;
}

const suite = systemSuiteOver(startFlakyProxy, (proxy) => ({
  worker: 'none',
  saga: false,
  restEnv: { MANUALS_SERVICE_URL: proxy.url, REST_TIMEOUT_MS: '1000' },
}));
beforeAll(() => {
  suite.backing.target = suite.system.restServices.manuals;
});
afterEach(async () => {
  suite.backing.mode = 'pass';
  if (!suite.backing.server) await suite.backing.listen();
});

const CREATE_REVIEW = `mutation ($productKey: String!, $input: ReviewDraftInput!) {
  createReview(productKey: $productKey, input: $input) { id rating authorId author { _id username } }
}`;
const PRODUCT_PAGE = `query ($id: ID!) {
  product(id: $id) { name price reviews(first: 2) { rating text author { username } } manuals { url } }
}`;

function setManual(productId: string, url: string) {
  writeFileSync(suite.system.manualsFile, JSON.stringify({ manuals: { [productId]: { url } } }));
}

describe('REST services in the supergraph (issue 12)', () => {
  it('one query crosses products-subgraph, the rest-subgraph (reviews and manuals) and users-subgraph', async () => {
    const product = await suite.shop.createProduct(3, 4_990, 'Kettle');
    setManual(product._id, 'https://manuals.example/kettle.pdf');
    const writers = [
      await suite.shop.register('reviewer_one'),
      await suite.shop.register('reviewer_two'),
      await suite.shop.register('reviewer_three'),
    ];
    for (const [i, writer] of writers.entries()) {
      expectOk(
        await suite.system.gateway.request(
          CREATE_REVIEW,
          {
            productKey: product._id,
            input: { rating: i + 2, text: `review by ${writer.username}` },
          },
          bearer(writer.token),
        ),
      );
    }
    const data = expectOk(await suite.system.gateway.request(PRODUCT_PAGE, { id: product._id }));
    expect(data).toEqual({
      product: {
        name: 'Kettle',
        price: 4_990,
        reviews: [
          { rating: 4, text: 'review by reviewer_three', author: { username: 'reviewer_three' } },
          { rating: 3, text: 'review by reviewer_two', author: { username: 'reviewer_two' } },
        ],
        manuals: { url: 'https://manuals.example/kettle.pdf' },
      },
    });
  });

  it('a review posted with the token is attributed to its user; one posted without is refused', async () => {
    const product = await suite.shop.createProduct(1);
    const session = await suite.shop.register();
    const posted = expectOk(
      await suite.system.gateway.request<{ createReview: any }>(
        CREATE_REVIEW,
        { productKey: product._id, input: { rating: 5, text: 'mine' } },
        bearer(session.token),
      ),
    );
    expect(posted.createReview).toMatchObject({
      rating: 5,
      authorId: session.userId,
      author: { _id: session.userId, username: session.username },
    });
    const refused = await suite.system.gateway.request<{ createReview: unknown }>(CREATE_REVIEW, {
      productKey: product._id,
      input: { rating: 5, text: 'anonymous' },
    });
    expect(refused.data?.createReview).toBeNull();
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const page = expectOk(
      await suite.system.gateway.request<any>(PRODUCT_PAGE, { id: product._id }),
    );
    expect(page.product.reviews).toEqual([
      { rating: 5, text: 'mine', author: { username: session.username } },
    ]);
  });

  it('a REST 404 is null with NOT_FOUND', async () => {
    const response = await suite.system.gateway.request<{ getReview: unknown }>(
      'query ($id: String!) { getReview(id: $id) { id } }',
      { id: randomUUID() },
    );
    expect(response.data?.getReview).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.['code'])).toEqual(['NOT_FOUND']);
  });

  it.each([
    ['answering 500', () => void (suite.backing.mode = 'error')],
    ['too slow', () => void (suite.backing.mode = 'slow')],
    ['stopped', () => suite.backing.stop()],
  ])(
    'a REST service %s: its field is null with a masked UPSTREAM_UNAVAILABLE, the rest of the query answers',
    async (_case, breakIt) => {
      const product = await suite.shop.createProduct(1, 100, 'Lamp');
      setManual(product._id, 'https://manuals.example/lamp.pdf');
      await breakIt();
      const started = Date.now();
      const response = await suite.system.gateway.request<any>(PRODUCT_PAGE, { id: product._id });
      expect(Date.now() - started).toBeLessThan(2_900);
      expect(response.data?.product).toEqual({
        name: 'Lamp',
        price: 100,
        reviews: [],
        manuals: null,
      });
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: 'A service this field needs is unavailable; retry shortly',
          path: ['product', 'manuals'],
          extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        }),
      ]);
    },
  );
});
