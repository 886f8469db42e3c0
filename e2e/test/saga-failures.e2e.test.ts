import {
  expectOk,
  KafkaBroker,
  RedisServer,
  type Product,
  type Session,
  type Shop,
} from '@commerce/testing';
import { expectInvariants, waitUntilSettled } from '../src/invariants';
import { eventually } from '../src/shop';
import { systemSuite, systemSuiteOver } from '../src/suite';

/** Places `count` one-line orders, `concurrency` at a time; returns their ids. */
async function placeMany(shop: Shop, buyer: Session, product: Product, count: number, concurrency = 10) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += concurrency) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(concurrency, count - i) }, () =>
        shop.placeOrder(buyer.token, [{ _id: product._id, quantity: 1 + (i % 2) }]),
      ),
    );
    for (const response of batch) ids.push(expectOk(response).placeOrder._id);
  }
  return ids;
}

describe('the inventory worker killed mid-stream', () => {
  const suite = systemSuite({ worker: 'child' });

  it('loses and doubles no reservation when SIGKILLed and restarted', async () => {
    const { system, shop } = suite;
    const buyer = await shop.register();
    const product = await shop.createProduct(120);
    const worker = system.workerProcess!;

    const placing = placeMany(shop, buyer, product, 150);
    await eventually(async () => ((await system.productsDb.reservation.count()) >= 20 ? true : undefined));
    await worker.kill();
    const atKill = await system.productsDb.reservation.count();
    const ids = await placing;
    expect(atKill).toBeLessThan(ids.length);
    await worker.start();
    await waitUntilSettled(system, 60_000);

    await expectInvariants(system, [{ id: product._id, initial: 120 }]);
    expect(await system.productsDb.reservation.count()).toBe(150);

    // The restarted worker reports what it did on its private /metrics (Prometheus text).
    const metrics = await (await fetch(`${system.workerMetricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/events_consumed_total\{[^}]*type="OrderPlaced"[^}]*\} \d+/);
    expect(metrics).toMatch(/event_latency_seconds_bucket/);
    expect(metrics).toMatch(/kafka_consumer_lag\{/);
    expect(metrics).toMatch(/outbox_published_total\{[^}]*database="products"[^}]*\} \d+/);
  }, 120_000);
});

describe('the broker stopped while orders are placed', () => {
  const suite = systemSuiteOver(
    () => KafkaBroker.start(),
    (broker) => ({ kafkaBrokers: broker.brokers }),
    120_000,
  );

  it('still takes orders (PENDING) and settles every one once the broker is back', async () => {
    const { system, shop, backing: broker } = suite;
    const buyer = await shop.register();
    const product = await shop.createProduct(15);

    await broker.stop();
    const ids = await placeMany(shop, buyer, product, 20);
    const pending = await system.ordersDb.order.count({ where: { id: { in: ids }, status: 'PENDING' } });
    expect(pending).toBe(20);
    expect(await system.ordersDb.outboxEvent.count({ where: { sentAt: null, type: 'OrderPlaced' } })).toBe(20);

    await broker.start();
    await waitUntilSettled(system, 90_000);
    await expectInvariants(system, [{ id: product._id, initial: 15 }]);
    expect(await system.ordersDb.outboxEvent.count({ where: { sentAt: null } })).toBe(0);
  }, 180_000);
});

describe('Redis down', () => {
  const suite = systemSuiteOver(
    () => RedisServer.start(),
    (redis) => ({ redisUrl: redis.url }),
  );

  it('still reserves, and serves the right stock once Redis is back', async () => {
    const { system, shop, backing: redis } = suite;
    const buyer = await shop.register();
    const product = await shop.createProduct(10);
    await expect(shop.product(product._id)).resolves.toMatchObject({ quantity: 10 }); // cached

    await redis.stop();
    const [id] = await placeMany(shop, buyer, product, 1);
    await eventually(async () => ((await shop.orderStatus(buyer.token, id!)) === 'CONFIRMED' ? true : undefined));
    await expect(shop.product(product._id)).resolves.toMatchObject({ quantity: 9 }); // from Postgres

    await redis.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(shop.product(product._id)).resolves.toMatchObject({ quantity: 9 });
    const [second] = await placeMany(shop, buyer, product, 1);
    await eventually(async () => ((await shop.orderStatus(buyer.token, second!)) !== 'PENDING' ? true : undefined));
    await eventually(async () => ((await shop.product(product._id))?.quantity === 8 ? true : undefined), 5_000);
    await expectInvariants(system, [{ id: product._id, initial: 10 }]);
  }, 60_000);
});
