import { randomUUID } from 'node:crypto';
import { createOrdersClient, type OrdersPrismaClient } from '@commerce/db/orders';
import { createEvent } from '@commerce/events';
import { createTestDatabase, type TestDatabase } from '@commerce/testing';
import { OrderStore, type PricedLine } from '../src/order-store';

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

const context = { correlationId: 'order-store-test' };

function newOrder(lines: PricedLine[], userId = randomUUID()) {
  const id = randomUUID();
  const event = createEvent('OrderPlaced', {
    source: 'test',
    subject: id,
    data: { orderId: id, userId, lines },
    context,
  });
  return { id, userId, lines, event };
}

const line = (quantity: number, unitPriceCents: number): PricedLine => ({
  productId: randomUUID(),
  quantity,
  unitPriceCents,
});

describe('OrderStore.insertPlaced: the one-statement placeOrder on a real Postgres', () => {
  it('writes the PENDING order, its lines and its OrderPlaced outbox row together', async () => {
    const order = newOrder([line(2, 1299), line(1, 500)]);
    const placed = await store.insertPlaced(order);

    expect(placed?.createdAt).toBeInstanceOf(Date);
    const stored = await db.order.findUniqueOrThrow({ where: { id: order.id }, include: { lines: true } });
    expect(stored).toMatchObject({ userId: order.userId, status: 'PENDING' });
    expect(stored.createdAt.getTime()).toBe(placed!.createdAt.getTime());
    expect(stored.lines.map((l) => [l.productId, l.quantity, l.unitPriceCents]).sort()).toEqual(
      order.lines.map((l) => [l.productId, l.quantity, l.unitPriceCents]).sort(),
    );
    const outbox = await db.outboxEvent.findMany({ where: { key: order.id } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      id: order.event.id,
      topic: 'orders',
      type: 'OrderPlaced',
      sentAt: null,
      payload: JSON.parse(JSON.stringify(order.event)),
    });
  });

  it('with an idempotency key: the first attempt writes order and key, a second writes nothing', async () => {
    const userId = randomUUID();
    const idempotency = { key: `key-${randomUUID()}`, requestHash: 'hash-a' };
    const first = newOrder([line(1, 100)], userId);
    const second = newOrder([line(1, 100)], userId);

    expect(await store.insertPlaced({ ...first, idempotency })).toBeDefined();
    expect(await store.insertPlaced({ ...second, idempotency })).toBeUndefined();

    const key = await store.idempotencyKey(userId, idempotency.key);
    expect(key).toMatchObject({ orderId: first.id, requestHash: 'hash-a' });
    expect(await db.order.count({ where: { id: second.id } })).toBe(0);
    expect(await db.orderLine.count({ where: { orderId: second.id } })).toBe(0);
    expect(await db.outboxEvent.count({ where: { key: second.id } })).toBe(0);
  });

  it('lets concurrent attempts with one key place exactly one order', async () => {
    const userId = randomUUID();
    const idempotency = { key: `key-${randomUUID()}`, requestHash: 'hash-b' };
    const attempts = Array.from({ length: 8 }, () => newOrder([line(3, 250)], userId));
    const results = await Promise.all(attempts.map((a) => store.insertPlaced({ ...a, idempotency })));

    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    const ids = attempts.map((a) => a.id);
    expect(await db.order.count({ where: { id: { in: ids } } })).toBe(1);
    expect(await db.outboxEvent.count({ where: { key: { in: ids } } })).toBe(1);
  });

  it('gives outbox rows the order in which the orders were placed (seq ascending)', async () => {
    const orders = [newOrder([line(1, 1)]), newOrder([line(1, 1)]), newOrder([line(1, 1)])];
    for (const order of orders) await store.insertPlaced(order);
    const rows = await db.outboxEvent.findMany({
      where: { key: { in: orders.map((o) => o.id) } },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => r.key)).toEqual(orders.map((o) => o.id));
  });
});

describe('OrderStore.cancel on a real Postgres', () => {
  const cancelEvent = (orderId: string, userId: string) =>
    createEvent('OrderCancelled', { source: 'test', subject: orderId, data: { orderId, userId }, context });

  it('cancels a PENDING or CONFIRMED order once, writing OrderCancelled with the change', async () => {
    for (const status of ['PENDING', 'CONFIRMED'] as const) {
      const order = newOrder([line(1, 100)]);
      await store.insertPlaced(order);
      await db.order.update({ where: { id: order.id }, data: { status } });

      const first = await store.cancel(order.id, order.userId, cancelEvent(order.id, order.userId));
      const again = await store.cancel(order.id, order.userId, cancelEvent(order.id, order.userId));

      expect(first).toMatchObject({ cancelled: true, order: { status: 'CANCELLED' } });
      expect(again).toMatchObject({ cancelled: false, order: { status: 'CANCELLED' } });
      expect(await db.outboxEvent.count({ where: { key: order.id, type: 'OrderCancelled' } })).toBe(1);
    }
  });

  it('refuses a REJECTED order and another user’s order, and writes no event', async () => {
    const order = newOrder([line(1, 100)]);
    await store.insertPlaced(order);
    const stranger = randomUUID();
    expect(await store.cancel(order.id, stranger, cancelEvent(order.id, stranger))).toEqual({
      order: null,
      cancelled: false,
    });
    await db.order.update({ where: { id: order.id }, data: { status: 'REJECTED' } });
    expect(await store.cancel(order.id, order.userId, cancelEvent(order.id, order.userId))).toMatchObject({
      cancelled: false,
      order: { status: 'REJECTED' },
    });
    expect(await db.outboxEvent.count({ where: { key: order.id, type: 'OrderCancelled' } })).toBe(0);
  });
});
