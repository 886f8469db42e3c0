// The migrations against the real Postgres: applied through the WebAssembly schema engine, and
// the constraints they add by hand enforced through the generated clients.
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { Client } from 'pg';
import {
  applyMigrations,
  databaseUrlFromEnv,
  diffToSql,
  ensureDatabase,
  maintenanceUrl,
  migrationsDirectory,
  quoteIdentifier,
  SERVICES,
  type Service,
  withDatabaseName,
  withMaintenanceClient,
} from '../src';
import { createOrdersClient } from '../src/orders';
import { createProductsClient } from '../src/products';
import { createUsersClient } from '../src/users';

const suffix = randomBytes(6).toString('hex');
const urls = Object.fromEntries(
  SERVICES.map((service) => [
    service,
    withDatabaseName(databaseUrlFromEnv(service), `test_migrations_${service}_${suffix}`),
  ]),
) as Record<Service, string>;

async function migrationNames(service: Service): Promise<string[]> {
  const entries = await readdir(migrationsDirectory(service), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const url of Object.values(urls)) {
    const name = new URL(url).pathname.slice(1);
    await withMaintenanceClient(url, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
    );
  }
});

describe('applyMigrations', () => {
  test.each(SERVICES)(
    '%s: applies every migration to a fresh database, then none',
    async (service) => {
      expect(await ensureDatabase(urls[service])).toBe(true);
      const expected = await migrationNames(service);
      expect(expected.length).toBeGreaterThan(0);

      expect(await applyMigrations(service, urls[service])).toEqual(expected);
      expect(await applyMigrations(service, urls[service])).toEqual([]);

      const recorded = await query<{
        migration_name: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>(
        urls[service],
        'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(recorded.map((row) => row.migration_name)).toEqual(expected);
      expect(recorded.every((row) => row.finished_at !== null && row.rolled_back_at === null)).toBe(
        true,
      );
    },
  );
});

describe('diffToSql', () => {
  // A schema.prisma edited without `npm run db:migration` fails here. Constraints and triggers
  // added to migrations by hand are invisible to Prisma's diff, so they do not count as changes.
  test.each(SERVICES)('%s: the migrations produce exactly schema.prisma', async (service) => {
    expect(await diffToSql(service, maintenanceUrl(databaseUrlFromEnv(service)))).toBeNull();
  });
});

describe('constraints added by hand', () => {
  test('products: stock can never be negative', async () => {
    const prisma = createProductsClient(urls.products, { poolSize: 2 });
    try {
      const product = await prisma.product.create({
        data: { name: 'Lamp', priceCents: 1999, quantity: 5 },
      });

      await expect(
        prisma.product.create({ data: { name: 'Ghost', priceCents: 100, quantity: -1 } }),
      ).rejects.toThrow(/products_quantity_check/);
      await expect(
        prisma.product.update({ where: { id: product.id }, data: { quantity: -1 } }),
      ).rejects.toThrow(/products_quantity_check/);
      await expect(
        prisma.product.update({ where: { id: product.id }, data: { quantity: { decrement: 6 } } }),
      ).rejects.toThrow(/products_quantity_check/);
      await expect(
        prisma.product.create({ data: { name: 'Gift', priceCents: -1, quantity: 1 } }),
      ).rejects.toThrow(/products_price_cents_check/);

      expect(await prisma.product.findUniqueOrThrow({ where: { id: product.id } })).toMatchObject({
        quantity: 5,
      });
      expect(await prisma.product.count()).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  });

  test('users: a username is taken once', async () => {
    const prisma = createUsersClient(urls.users, { poolSize: 2 });
    try {
      await prisma.user.create({ data: { username: 'ada', passwordHash: 'hash-1' } });
      await expect(
        prisma.user.create({ data: { username: 'ada', passwordHash: 'hash-2' } }),
      ).rejects.toMatchObject({
        code: 'P2002',
      });
      expect(await prisma.user.count({ where: { username: 'ada' } })).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  });

  test('orders: an order line needs a positive quantity', async () => {
    const prisma = createOrdersClient(urls.orders, { poolSize: 2 });
    const userId = '00000000-0000-4000-8000-000000000001';
    const productId = '00000000-0000-4000-8000-000000000002';
    try {
      await expect(
        prisma.order.create({
          data: { userId, lines: { create: [{ productId, quantity: 0, unitPriceCents: 500 }] } },
        }),
      ).rejects.toThrow(/order_lines_quantity_check/);
      // The order and its lines are created together or not at all.
      expect(await prisma.order.count()).toBe(0);

      const order = await prisma.order.create({
        data: { userId, lines: { create: [{ productId, quantity: 1, unitPriceCents: 500 }] } },
        include: { lines: true },
      });
      expect(order).toMatchObject({ status: 'PENDING', lines: [{ quantity: 1 }] });
    } finally {
      await prisma.$disconnect();
    }
  });

  test.each(['products', 'orders'] as const)(
    '%s: inserting outbox rows notifies "outbox_events"',
    async (service) => {
      const listener = new Client({ connectionString: urls[service] });
      await listener.connect();
      try {
        await listener.query('LISTEN outbox_events');
        const notified = new Promise<{ channel: string; payload?: string }>((resolve) =>
          listener.once('notification', resolve),
        );
        await query(
          urls[service],
          `INSERT INTO outbox_events (id, topic, key, type, payload)
         VALUES (gen_random_uuid(), 'orders', 'k', 'OrderPlaced', '{}'), (gen_random_uuid(), 'orders', 'k', 'OrderPlaced', '{}')`,
        );
        expect(await notified).toMatchObject({ channel: 'outbox_events', payload: '' });
      } finally {
        await listener.end();
      }
    },
  );
});
