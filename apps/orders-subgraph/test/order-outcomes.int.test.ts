import { randomUUID } from 'node:crypto';
import { createOrdersClient, type OrdersPrismaClient } from '@commerce/db/orders';
import { createEvent, type DomainEvent } from '@commerce/events';
import { createTestDatabase, type TestDatabase } from '@commerce/testing';
import { CONSUMER, OrderStore } from '../src/order-store';

let database: TestDatabase;
let db: OrdersPrismaClient;
let store: OrderStore;

beforeAll(async () => {
  database = await createTestDatabase('orders');
  db = createOrdersClient(database.url, { poolSize: 4 });
  store = new OrderStore(db);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function pendingOrder(): Promise<string> {
  const order = await db.order.create({ data: { userId: randomUUID() } });
  return order.id;
}

const context = { correlationId: 'outcomes-test' };
const reserved = (orderId: string): DomainEvent<'InventoryReserved'> =>
  createEvent('InventoryReserved', {
    source: 'test',
    subject: orderId,
    data: { orderId, lines: [{ productId: randomUUID(), quantity: 1 }] },
    context,
  });
const rejected = (orderId: string): DomainEvent<'InventoryRejected'> =>
  createEvent('InventoryRejected', {
    source: 'test',
    subject: orderId,
    data: { orderId, reason: 'INSUFFICIENT_STOCK', shortLines: [] },
    context,
  });
const statusOf = async (id: string) =>
  (await db.order.findUniqueOrThrow({ where: { id } })).status;

describe('OrderStore.applyInventoryOutcomes on a real Postgres', () => {
  it('moves PENDING orders to CONFIRMED or REJECTED and records every event as processed', async () => {
    const [a, b] = [await pendingOrder(), await pendingOrder()];
    const events = [reserved(a), rejected(b)];
    await store.applyInventoryOutcomes(events);
    expect(await statusOf(a)).toBe('CONFIRMED');
    expect(await statusOf(b)).toBe('REJECTED');
    const processed = await db.processedEvent.count({
      where: { consumer: CONSUMER, eventId: { in: events.map((e) => e.id) } },
    });
    expect(processed).toBe(2);
  });

  it('never moves an order for an event it had already processed', async () => {
    const id = await pendingOrder();
    const event = rejected(id);
    // Claimed before (say, applied, then the order was put back by hand): no effect now.
    await db.processedEvent.create({ data: { consumer: CONSUMER, eventId: event.id } });
    await store.applyInventoryOutcomes([event]);
    expect(await statusOf(id)).toBe('PENDING');
  });

  it('never takes a decided or cancelled order back, and ignores unknown orders', async () => {
    const confirmed = await pendingOrder();
    await store.applyInventoryOutcomes([reserved(confirmed)]);
    const cancelled = await pendingOrder();
    await db.order.update({ where: { id: cancelled }, data: { status: 'CANCELLED' } });
    await store.applyInventoryOutcomes([
      rejected(confirmed),
      reserved(cancelled),
      reserved(randomUUID()),
    ]);
    expect(await statusOf(confirmed)).toBe('CONFIRMED');
    expect(await statusOf(cancelled)).toBe('CANCELLED');
  });
});
