import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import {
  bearer,
  expectOk,
  operation,
  type Product,
  RedisServer,
  type Shop,
  uniqueName,
} from '@commerce/testing';
import { startGateway } from '../src/attack';
import { ADMIN, eventually, shopOver } from '../src/shop';
import { startSystem, type System } from '../src/system';

const PRODUCT = operation('Product');
const PAGE = 'query Page($after: ID) { products(first: 20, after: $after) { _id name quantity } }';

/**
 * The gateway's response cache, end to end: a gateway whose calls to each subgraph pass
 * through a proxy that counts them, over the real subgraphs, worker and saga. The whole
 * system's cache lives in a Redis of this file's own, which the last test stops.
 */
let redis: RedisServer;
let system: System;
let keys: Redis;
let proxies: Record<'users' | 'products' | 'orders', CountingProxy>;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let shop: Shop;

beforeAll(async () => {
  redis = await RedisServer.start();
  system = await startSystem({ redisUrl: redis.url });
  keys = new Redis(redis.url);
  keys.on('error', () => undefined);
  proxies = {
    users: await countingProxy(system.subgraphUrls.users),
    products: await countingProxy(system.subgraphUrls.products),
    orders: await countingProxy(system.subgraphUrls.orders),
  };
  gateway = await startGateway(system, {
    USERS_SUBGRAPH_URL: proxies.users.url,
    PRODUCTS_SUBGRAPH_URL: proxies.products.url,
    ORDERS_SUBGRAPH_URL: proxies.orders.url,
  });
  shop = shopOver(gateway.client);
}, 120_000);
afterAll(async () => {
  await gateway?.close();
  for (const proxy of Object.values(proxies ?? {})) await proxy.close();
  keys?.disconnect();
  await system?.stop();
  await redis?.destroy();
});

describe('the gateway response cache', () => {
  it('answers a repeated product read itself: same body, no call to the products subgraph', async () => {
    const product = await shop.createProduct(7, 1_500, uniqueName('lamp'));
    const entriesBefore = await cacheEntries();

    const first = await post(PRODUCT, { id: product._id });
    expect(first.body).toEqual({ data: { product } });
    expect(first.headers.get('age')).toBeNull();
    // The subgraph's hint, which the gateway honoured: it stored the answer.
    expect(proxies.products.calls.at(-1)?.cacheControl).toBe('max-age=30, public');
    await eventually(async () =>
      (await entriesSince(entriesBefore)).length === 1 ? true : undefined,
    );
    // Only the gateway's cache, which invalidations reach, keeps it: clients may not.
    expect(first.headers.get('cache-control')).toBe('no-store');

    const calls = proxies.products.calls.length;
    const second = await post(PRODUCT, { id: product._id });
    expect(second.text).toBe(first.text);
    expect(second.headers.get('age')).not.toBeNull();
    expect(second.headers.get('cache-control')).toBe('no-store');
    expect(proxies.products.calls.length).toBe(calls);
  });

  it('answers a repeated catalogue page itself', async () => {
    const first = await product(3);
    await shop.createProduct(3);
    await expectCached(PAGE, { after: first._id });
    const calls = proxies.products.calls.length;
    const again = await post(PAGE, { after: first._id });
    expect(again.headers.get('age')).not.toBeNull();
    expect(proxies.products.calls.length).toBe(calls);
  });

  it('shows a restock, a rename and a confirmed order on the very next read', async () => {
    const lamp = await product(5);
    const page = () => post(PAGE, { after: lamp._id });
    const next = await product(4);
    const quantityOf = async (id: string) =>
      ((await post(PRODUCT, { id })).body.data as { product: Product }).product.quantity;
    const inPage = async (id: string) =>
      ((await page()).body.data as { products: Product[] }).products.find((p) => p._id === id);

    await expectCached(PRODUCT, { id: next._id });
    await expectCached(PAGE, { after: lamp._id });
    expectOk(
      await gateway.client.request(
        'mutation ($id: ID!) { restockProduct(id: $id, quantity: 3) { quantity } }',
        { id: next._id },
        ADMIN,
      ),
    );
    expect(await quantityOf(next._id)).toBe(7);
    expect(await inPage(next._id)).toMatchObject({ quantity: 7 });

    await expectCached(PRODUCT, { id: next._id });
    const name = uniqueName('renamed');
    expectOk(
      await gateway.client.request(
        'mutation ($id: ID!, $name: String) { updateProduct(id: $id, input: { name: $name }) { name } }',
        { id: next._id, name },
        ADMIN,
      ),
    );
    expect((await post(PRODUCT, { id: next._id })).body.data).toMatchObject({ product: { name } });

    await expectCached(PRODUCT, { id: next._id });
    await expectCached(PAGE, { after: lamp._id });
    const buyer = await shop.register();
    const order = expectOk(await shop.placeOrder(buyer.token, [{ _id: next._id, quantity: 2 }]));
    await eventually(async () =>
      (await shop.orderStatus(buyer.token, order.placeOrder._id)) === 'CONFIRMED'
        ? true
        : undefined,
    );
    expect(await quantityOf(next._id)).toBe(5);
    expect(await inPage(next._id)).toMatchObject({ quantity: 5 });
  });

  it('never stores an answer that involves orders or the signed-in user', async () => {
    const lamp = await product(2);
    const buyer = await shop.register();
    const order = expectOk(await shop.placeOrder(buyer.token, [{ _id: lamp._id, quantity: 1 }]));
    const id = order.placeOrder._id;
    const asBuyer = bearer(buyer.token);
    const queries: [string, Record<string, unknown>, keyof typeof proxies][] = [
      ['query { me { _id username } }', {}, 'users'],
      ['query ($id: ID!) { order(id: $id) { _id total } }', { id }, 'orders'],
      // Public product fields next to private ones: the whole answer is private.
      ['query ($p: ID!) { product(id: $p) { _id name } me { _id } }', { p: lamp._id }, 'users'],
      // Products reached from an order: the products subgraph answers _entities, uncached.
      [
        'query ($id: ID!) { order(id: $id) { products { product { _id name quantity } } } }',
        { id },
        'products',
      ],
    ];
    for (const [query, variables, subgraph] of queries) {
      const entriesBefore = await cacheEntries();
      for (let attempt = 1; attempt <= 2; attempt++) {
        const calls = proxies[subgraph].calls.length;
        const response = await post(query, variables, asBuyer);
        expect(response.body.errors).toBeUndefined();
        expect(response.headers.get('age')).toBeNull();
        expect(proxies[subgraph].calls.length).toBe(calls + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await entriesSince(entriesBefore)).toEqual([]);
    }
    expect(proxies.products.calls.find((call) => call.body.includes('_entities'))).toMatchObject({
      cacheControl: 'no-store',
    });
  });

  it('stops reading Redis for an operation once it has answered uncacheable', async () => {
    const buyer = await shop.register();
    // A query text of this test's own: the gateway has not seen it before.
    const query = `query Me${uniqueName('q').replace(/[^A-Za-z0-9]/g, '')} { me { _id } }`;
    const reads = async () => {
      const stats = await keys.info('stats');
      const count = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(stats)?.[1]);
      return count('keyspace_hits') + count('keyspace_misses');
    };
    const before = await reads();
    const asBuyer = bearer(buyer.token);
    expect((await post(query, {}, asBuyer)).body).toEqual({ data: { me: { _id: buyer.userId } } });
    const afterFirst = await reads();
    // The first answer costs the generation read (and a miss); it is found uncacheable.
    expect(afterFirst).toBeGreaterThan(before);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await post(query, {}, asBuyer)).body.errors).toBeUndefined();
    }
    expect(await reads()).toBe(afterFirst);
  });

  it('turns off with RESPONSE_CACHE=off', async () => {
    const lamp = await product(2);
    const direct = await startGateway(system, {
      PRODUCTS_SUBGRAPH_URL: proxies.products.url,
      RESPONSE_CACHE: 'off',
    });
    try {
      const calls = proxies.products.calls.length;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const response = await post(PRODUCT, { id: lamp._id }, {}, direct.url);
        expect(response.body).toEqual({ data: { product: lamp } });
        expect(response.headers.get('age')).toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(proxies.products.calls.length).toBe(calls + 3);
    } finally {
      await direct.close();
    }
  });
});

describe('with Redis unreachable', () => {
  it('answers product reads from the subgraph, and catches up once Redis is back', async () => {
    const lamp = await product(9);
    await expectCached(PRODUCT, { id: lamp._id });

    await redis.stop();
    const calls = proxies.products.calls.length;
    const during = await post(PRODUCT, { id: lamp._id });
    expect(during.body).toEqual({ data: { product: lamp } });
    expect(during.headers.get('age')).toBeNull();
    expect(proxies.products.calls.length).toBe(calls + 1);
    expectOk(
      await gateway.client.request(
        'mutation ($id: ID!) { restockProduct(id: $id, quantity: 1) { quantity } }',
        { id: lamp._id },
        ADMIN,
      ),
    );
    expect(await post(PRODUCT, { id: lamp._id })).toMatchObject({
      body: { data: { product: { quantity: 10 } } },
    });

    await redis.start();
    await expectCached(PRODUCT, { id: lamp._id }, 15_000);
    expect(await post(PRODUCT, { id: lamp._id })).toMatchObject({
      body: { data: { product: { quantity: 10 } } },
    });
  }, 60_000);
});

/** A fresh product, created through the gateway. */
function product(quantity: number): Promise<Product> {
  return shop.createProduct(quantity, 1_000, uniqueName('product'));
}

/** Response cache entries of this system (the plugin's `fqc:` keys under its prefix). */
async function cacheEntries(): Promise<Set<string>> {
  return new Set(await keys.keys(`${system.topicPrefix}fqc:*`));
}

/** Entries written since `before` was taken (older ones may expire meanwhile). */
async function entriesSince(before: Set<string>): Promise<string[]> {
  return [...(await cacheEntries())].filter((key) => !before.has(key));
}

/** Reads until the gateway answers from its cache (entries are written after responding). */
async function expectCached(
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 5_000,
): Promise<void> {
  await eventually(
    async () => ((await post(query, variables)).headers.get('age') !== null ? true : undefined),
    timeoutMs,
    'a cached answer',
  );
}

type Reply = {
  status: number;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: unknown[] };
  headers: Headers;
};

async function post(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  url = gateway.url,
): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text), headers: response.headers };
}

type CountingProxy = {
  url: string;
  calls: { body: string; cacheControl: string | null }[];
  close: () => Promise<void>;
};

/** Forwards every request to `target` and records it with the Cache-Control it got back. */
async function countingProxy(target: string): Promise<CountingProxy> {
  const calls: CountingProxy['calls'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      const forwarded: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) {
          forwarded[name] = value;
        }
      }
      try {
        const answer = await fetch(target, { method: 'POST', headers: forwarded, body });
        const cacheControl = answer.headers.get('cache-control');
        calls.push({ body, cacheControl });
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
          ...(cacheControl ? { 'cache-control': cacheControl } : {}),
        });
        response.end(await answer.text());
      } catch (error) {
        response.writeHead(502).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
