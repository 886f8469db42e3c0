import { randomUUID } from 'node:crypto';
import { createOrdersClient, type OrdersPrismaClient } from '@commerce/db/orders';
import { createEvent, type DomainEvent } from '@commerce/events';
import { createTestDatabase, type TestDatabase } from '@commerce/testing';
import { CONSUMER, OrderStore, type PricedLine } from '../src/order-store';

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

describe('OrderStore.expire on a real Postgres', () => {
  const placedAgo = async (seconds: number, status: 'PENDING' | 'CONFIRMED' | 'REJECTED') => {
    const order = newOrder([line(1, 100)]);
    await store.insertPlaced(order);
    await db.$executeRaw`UPDATE orders SET status = ${status}::order_status,
      created_at = now() - make_interval(secs => ${seconds}) WHERE id = ${order.id}::uuid`;
    return order;
  };

  it('cancels (EXPIRED) the open orders placed before the hold time, with their OrderCancelled', async () => {
    const oldPending = await placedAgo(3_600, 'PENDING');
    const oldConfirmed = await placedAgo(3_600, 'CONFIRMED');
    const oldRejected = await placedAgo(3_600, 'REJECTED');
    const recent = await placedAgo(10, 'CONFIRMED');

    expect(await store.expire(600, 500, 'expiry-test')).toBe(2);
    expect(await store.expire(600, 500, 'expiry-test')).toBe(0);

    const statusOf = async (id: string) => db.order.findUniqueOrThrow({ where: { id } });
    for (const order of [oldPending, oldConfirmed]) {
      expect(await statusOf(order.id)).toMatchObject({ status: 'CANCELLED', cancelReason: 'EXPIRED' });
      const events = await db.outboxEvent.findMany({ where: { key: order.id, type: 'OrderCancelled' } });
      expect(events).toHaveLength(1);
      expect(events[0]!.payload).toMatchObject({
        subject: order.id,
        data: { orderId: order.id, userId: order.userId, reason: 'EXPIRED' },
      });
    }
    expect(await statusOf(oldRejected.id)).toMatchObject({ status: 'REJECTED', cancelReason: null });
    expect(await statusOf(recent.id)).toMatchObject({ status: 'CONFIRMED', cancelReason: null });
  });

  it('takes at most `limit` orders a round, oldest first', async () => {
    const orders = [await placedAgo(7_300, 'PENDING'), await placedAgo(7_200, 'PENDING')];
    expect(await store.expire(7_000, 1, 'expiry-test')).toBe(1);
    expect((await db.order.findUniqueOrThrow({ where: { id: orders[0]!.id } })).status).toBe('CANCELLED');
    expect((await db.order.findUniqueOrThrow({ where: { id: orders[1]!.id } })).status).toBe('PENDING');
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

      expect(first).toMatchObject({ cancelled: true, order: { status: 'CANCELLED', cancelReason: 'CUSTOMER' } });
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

async function pendingOrder(): Promise<string> {
  const order = await db.order.create({ data: { userId: randomUUID() } });
  return order.id;
}

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
