import { randomUUID } from 'node:crypto';
import { createProductsClient, type ProductsPrismaClient } from '@commerce/db/products';
import type { DomainEvent } from '@commerce/events';
import { createTestDatabase, type TestDatabase } from '@commerce/testing';
import { InventoryLedger } from '../src/inventory-ledger';
import { placed } from './fixtures';

let database: TestDatabase;
let db: ProductsPrismaClient;
let ledger: InventoryLedger;

beforeAll(async () => {
  database = await createTestDatabase('products');
  db = createProductsClient(database.url, { poolSize: 8 });
  ledger = new InventoryLedger(db, { maxUnitsPerUser: 1_000_000 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function product(quantity: number) {
  return db.product.create({ data: { name: 'Hot item', priceCents: 100, quantity } });
}

describe('InventoryLedger on a real Postgres', () => {
  it('never oversells under concurrent batches on a hot row, and conserves stock', async () => {
    const hot = await product(50);
    const cold = await product(1_000);
    // 8 concurrent "workers", each applying 5 batches of 5 orders of 1-3 units.
    const orders = Array.from({ length: 200 }, (_, i) =>
      placed([
        [hot.id, (i % 3) + 1],
        [cold.id, 1],
      ]),
    );
    const batches: DomainEvent<'OrderPlaced'>[][] = [];
    for (let i = 0; i < orders.length; i += 5) batches.push(orders.slice(i, i + 5));
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let b = worker; b < batches.length; b += 8) await ledger.apply(batches[b]!);
      }),
    );

    const finalHot = await db.product.findUniqueOrThrow({ where: { id: hot.id } });
    const held = await db.reservationLine.aggregate({
      where: { productId: hot.id, reservation: { status: 'HELD' } },
      _sum: { quantity: true },
    });
    expect(finalHot.quantity).toBeGreaterThanOrEqual(0);
    expect(finalHot.quantity + (held._sum.quantity ?? 0)).toBe(50);
    expect(await db.reservation.count()).toBe(200);
    // Demand (400 units) far exceeds 50: stock ends below the smallest order size.
    expect(finalHot.quantity).toBeLessThan(1);
    const confirmed = await db.reservation.count({ where: { status: 'HELD' } });
    const coldNow = await db.product.findUniqueOrThrow({ where: { id: cold.id } });
    expect(coldNow.quantity).toBe(1_000 - confirmed);
    expect(await db.outboxEvent.count()).toBe(200);
  });

  it('applies a redelivered batch once', async () => {
    const item = await product(10);
    const batch = [placed([[item.id, 4]]), placed([[item.id, 4]])];
    await ledger.apply(batch);
    const again = await ledger.apply(batch);
    expect((await db.product.findUniqueOrThrow({ where: { id: item.id } })).quantity).toBe(2);
    expect(again.outcomes).toBe(0);
    // The replay still invalidates what its events touched (a crash may have skipped it).
    expect(again.touchedProducts).toEqual([item.id]);
  });

  it('the database refuses negative stock even if asked directly', async () => {
    const item = await product(1);
    await expect(
      db.$executeRawUnsafe('UPDATE products SET quantity = quantity - 2 WHERE id = $1::uuid', item.id),
    ).rejects.toThrow(/check constraint|violates/i);
    expect((await db.product.findUniqueOrThrow({ where: { id: item.id } })).quantity).toBe(1);
  });

  it('bounds what one user holds, also across concurrent batches, and records the user', async () => {
    const item = await product(1_000);
    const user = randomUUID();
    const limited = new InventoryLedger(db, { maxUnitsPerUser: 10 });
    // 8 concurrent batches of 2 orders of 1 unit each by one user: 16 units asked, 10 allowed.
    const batches = Array.from({ length: 8 }, () => [
      placed([[item.id, 1]], randomUUID(), user),
      placed([[item.id, 1]], randomUUID(), user),
    ]);
    await Promise.all(batches.map((batch) => limited.apply(batch)));

    const reservations = await db.reservation.findMany({
      where: { orderId: { in: batches.flat().map((e) => e.data.orderId) } },
    });
    expect(reservations.filter((r) => r.status === 'HELD')).toHaveLength(10);
    expect(reservations.filter((r) => r.status === 'REJECTED')).toHaveLength(6);
    expect(reservations.every((r) => r.userId === user)).toBe(true);
    expect((await db.product.findUniqueOrThrow({ where: { id: item.id } })).quantity).toBe(990);
  });
});

