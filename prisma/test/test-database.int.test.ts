// createTestDatabase (@commerce/testing) is built on this package's migrations; it is tested
// here, where the migrations live.
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@commerce/testing';

async function tableNames(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((row) => row.tablename);
  } finally {
    await client.end();
  }
}

async function databaseExists(url: string, name: string): Promise<boolean> {
  const client = new Client({ connectionString: url.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
  await client.connect();
  try {
    return Boolean(
      (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount,
    );
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  test('creates migrated databases with unique names, concurrently, and drops them', async () => {
    const databases: TestDatabase[] = await Promise.all([
      createTestDatabase('orders'),
      createTestDatabase('orders'),
      createTestDatabase('products'),
    ]);
    try {
      const [first, second, products] = databases as [TestDatabase, TestDatabase, TestDatabase];
      expect(first.name).toMatch(/^test_orders_[0-9a-f]{12}$/);
      expect(second.name).not.toBe(first.name);
      expect(await tableNames(first.url)).toEqual(
        expect.arrayContaining([
          '_prisma_migrations',
          'orders',
          'order_lines',
          'idempotency_keys',
          'outbox_events',
        ]),
      );
      expect(await tableNames(products.url)).toEqual(
        expect.arrayContaining(['products', 'reservations']),
      );
    } finally {
      await Promise.all(databases.map((database) => database.drop()));
    }
    for (const database of databases) {
      expect(await databaseExists(database.url, database.name)).toBe(false);
    }
  });

  test('drop ends open connections', async () => {
    const database = await createTestDatabase('users');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    client.on('error', () => undefined);
    await database.drop();
    expect(await databaseExists(database.url, database.name)).toBe(false);
    await client.end().catch(() => undefined);
  });
});
