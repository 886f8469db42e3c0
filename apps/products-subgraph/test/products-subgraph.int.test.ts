import { createProductsClient, type ProductsPrismaClient } from '@commerce/db/products';
import { createCacheRedis } from '@commerce/product-cache';
import { createLogger, listen, parseConfig, type Subgraph } from '@commerce/service';
import { createTestDatabase, uniqueName, type TestDatabase } from '@commerce/testing';
import type { Redis } from 'ioredis';
import { productsConfigSchema } from '../src/config';
import { buildProductsSubgraph } from '../src/server';

const API_SECRET = 'products-test-admin-key';
const ADMIN = { 'x-api-key': API_SECRET };

type Running = { subgraph: Subgraph; redis: Redis; url: string };
type Result = { data?: Record<string, any> | null; errors?: { extensions: { code: string } }[] };

let database: TestDatabase;
let db: ProductsPrismaClient;

async function start(redisUrl: string): Promise<Running> {
  const config = parseConfig(productsConfigSchema, {
    PRODUCTS_DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    API_SECRET,
  });
  const redis = createCacheRedis(redisUrl, `${uniqueName('products-test')}:`);
  redis.on('error', () => undefined);
  const subgraph = await buildProductsSubgraph({
    config,
    logger: createLogger('products', 'silent'),
    db,
    redis,
  });
  return { subgraph, redis, url: `${await listen(subgraph.app, '127.0.0.1', 0)}/graphql` };
}

async function stop(running: Running | undefined) {
  await running?.subgraph.app.close();
  running?.redis.disconnect();
}

function client(url: string) {
  return async (query: string, variables: Record<string, unknown> = {}, headers = {}): Promise<Result> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Result;
  };
}

beforeAll(async () => {
  database = await createTestDatabase('products');
  db = createProductsClient(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('products subgraph with Redis', () => {
  let running: Running;
  let graphql: ReturnType<typeof client>;
  beforeAll(async () => {
    running = await start('redis://127.0.0.1:6379');
    graphql = client(running.url);
  });
  afterAll(() => stop(running));

  it('creates a product and records a ProductChanged event in the same transaction', async () => {
    const name = uniqueName('lamp');
    const created = await graphql(
      'mutation ($input: CreateProductInput) { createProduct(input: $input) { _id name price quantity } }',
      { input: { name, price: 2_500, quantity: 3 } },
      ADMIN,
    );
    const product = created.data!.createProduct;
    expect(product).toMatchObject({ name, price: 2_500, quantity: 3 });
    const events = await db.outboxEvent.findMany({ where: { key: product._id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ProductChanged', topic: 'products', sentAt: null });
    expect((events[0]!.payload as { data: unknown }).data).toEqual({
      productId: product._id,
      change: 'CREATED',
      name,
      priceCents: 2_500,
      quantity: 3,
    });
  });

  it('serves fresh data after every admin write (the cache is invalidated)', async () => {
    const { data } = await graphql(
      'mutation { createProduct(input: { name: "Kettle", price: 100, quantity: 1 }) { _id } }',
      {},
      ADMIN,
    );
    const id = data!.createProduct._id as string;
    const read = async () =>
      (await graphql('query ($id: ID!) { product(id: $id) { name price quantity } }', { id })).data!.product;
    const list = async () =>
      ((await graphql('{ products(first: 100) { _id quantity } }')).data!.products as { _id: string; quantity: number }[]).find(
        (p) => p._id === id,
      );
    expect(await read()).toEqual({ name: 'Kettle', price: 100, quantity: 1 });
    expect(await list()).toEqual({ _id: id, quantity: 1 });
    await graphql('mutation ($id: ID!) { restockProduct(id: $id, quantity: 4) { _id } }', { id }, ADMIN);
    expect(await read()).toEqual({ name: 'Kettle', price: 100, quantity: 5 });
    expect(await list()).toEqual({ _id: id, quantity: 5 });
    await graphql('mutation ($id: ID!) { updateProduct(id: $id, input: { price: 150 }) { _id } }', { id }, ADMIN);
    expect(await read()).toEqual({ name: 'Kettle', price: 150, quantity: 5 });
  });

  it('marks catalogue reads public for 30 s, and nothing else', async () => {
    const cacheControl = async (query: string, variables = {}, headers = {}) =>
      (
        await fetch(running.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        })
      ).headers.get('cache-control');
    const { data } = await graphql(
      'mutation { createProduct(input: { name: "Hinted", price: 1, quantity: 1 }) { _id } }',
      {},
      ADMIN,
    );
    const id = data!.createProduct._id as string;
    expect(await cacheControl('query ($id: ID!) { product(id: $id) { _id name } }', { id })).toBe(
      'max-age=30, public',
    );
    expect(await cacheControl('{ products(first: 5) { _id quantity } }')).toBe('max-age=30, public');
    expect(
      await cacheControl(
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { quantity } } }',
        { r: [{ __typename: 'Product', _id: id }] },
      ),
    ).toBe('no-store');
    expect(
      await cacheControl('mutation ($id: ID!) { restockProduct(id: $id, quantity: 1) { _id } }', { id }, ADMIN),
    ).toBe('no-store');
  });

  it('refuses restock beyond the stock maximum and changes nothing', async () => {
    const { data } = await graphql(
      'mutation { createProduct(input: { name: "Bulk", price: 1, quantity: 999999 }) { _id } }',
      {},
      ADMIN,
    );
    const id = data!.createProduct._id as string;
    const result = await graphql('mutation ($id: ID!) { restockProduct(id: $id, quantity: 2) { _id } }', { id }, ADMIN);
    expect(result.errors?.[0]?.extensions.code).toBe('INVALID_QUANTITY');
    expect((await db.product.findUniqueOrThrow({ where: { id } })).quantity).toBe(999_999);
    expect(await db.outboxEvent.count({ where: { key: id } })).toBe(1);
  });

  it('concurrent restocks together never pass the stock maximum', async () => {
    const { data } = await graphql(
      'mutation { createProduct(input: { name: "Bulk", price: 1, quantity: 999990 }) { _id } }',
      {},
      ADMIN,
    );
    const id = data!.createProduct._id as string;
    // Room for 3 of the 12; each alone would pass a check made before any of them adds.
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        graphql('mutation ($id: ID!) { restockProduct(id: $id, quantity: 3) { quantity } }', { id }, ADMIN),
      ),
    );
    const codes = results.map((result) => result.errors?.[0]?.extensions.code ?? 'ok').sort();
    expect(codes).toEqual([...Array(3).fill('ok'), ...Array(9).fill('INVALID_QUANTITY')].sort());
    expect((await db.product.findUniqueOrThrow({ where: { id } })).quantity).toBe(999_999);
    // The creation and the three restocks that happened: one event each.
    expect(await db.outboxEvent.count({ where: { key: id } })).toBe(4);
  });

  it('restocks an unknown product: NOT_FOUND', async () => {
    const result = await graphql(
      'mutation ($id: ID!) { restockProduct(id: $id, quantity: 1) { _id } }',
      { id: '00000000-0000-4000-8000-000000000000' },
      ADMIN,
    );
    expect(result.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});

describe('products subgraph with Redis unreachable', () => {
  let running: Running;
  beforeAll(async () => {
    // A closed port: every Redis command fails at once.
    running = await start('redis://127.0.0.1:1');
  });
  afterAll(() => stop(running));

  it('still answers reads and writes from Postgres', async () => {
    const graphql = client(running.url);
    const created = await graphql(
      'mutation { createProduct(input: { name: "No cache", price: 5, quantity: 2 }) { _id } }',
      {},
      ADMIN,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createProduct._id as string;
    const one = await graphql('query ($id: ID!) { product(id: $id) { quantity } }', { id });
    expect(one).toEqual({ data: { product: { quantity: 2 } } });
    const all = await graphql('{ products(first: 100) { _id } }');
    expect((all.data!.products as { _id: string }[]).map((p) => p._id)).toContain(id);
    const entities = await graphql(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { quantity } } }',
      { r: [{ __typename: 'Product', _id: id }] },
    );
    expect(entities).toEqual({ data: { _entities: [{ quantity: 2 }] } });
  });
});
