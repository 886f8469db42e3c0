import { randomUUID } from 'node:crypto';
import { expectOk } from '@commerce/testing';
import { KafkaTools } from '../src/kafka-tools';
import { expectInvariants, waitUntilSettled } from '../src/invariants';
import { eventually } from '../src/shop';
import { systemSuite } from '../src/suite';

const suite = systemSuite();
const kafka = new KafkaTools();

const ordersTopic = () => `${suite.system.topicPrefix}orders.events`;
const workerGroup = () => `${suite.system.topicPrefix}inventory`;

async function confirmedOrder(quantity: number, stock: number) {
  const { token } = await suite.shop.register();
  const product = await suite.shop.createProduct(stock);
  const order = expectOk(await suite.shop.placeOrder(token, [{ _id: product._id, quantity }])).placeOrder;
  await eventually(async () => ((await suite.shop.orderStatus(token, order._id)) === 'CONFIRMED' ? true : undefined));
  return { product, order };
}

describe('delivery guarantees', () => {
  it('reserves once when the same event is delivered twice (replayed by hand)', async () => {
    const { product, order } = await confirmedOrder(3, 10);
    const outbox = await suite.system.ordersDb.outboxEvent.findFirstOrThrow({
      where: { key: order._id, type: 'OrderPlaced' },
    });
    const event = outbox.payload as { id: string; data: object };
    // The very same message, and the same order under a new event id (a re-publish).
    await kafka.produce(ordersTopic(), [
      { key: order._id, value: JSON.stringify(event) },
      { key: order._id, value: JSON.stringify({ ...event, id: randomUUID() }) },
    ]);
    await kafka.waitForCaughtUp(workerGroup(), ordersTopic());
    await waitUntilSettled(suite.system);

    expect((await suite.system.productsDb.product.findUniqueOrThrow({ where: { id: product._id } })).quantity).toBe(7);
    expect(await suite.system.productsDb.reservation.count({ where: { orderId: order._id } })).toBe(1);
    await expectInvariants(suite.system, [{ id: product._id, initial: 10 }]);
  });

  it('dead-letters malformed and unknown messages and processes the events behind them', async () => {
    const key = randomUUID();
    const envelope = {
      id: randomUUID(),
      type: 'OrderTeleported',
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'mallory',
      subject: key,
      data: {},
      context: { correlationId: 'x' },
      properties: { schema: 'OrderTeleported/v1', contentType: 'application/json', retryCount: 0 },
    };
    await kafka.produce(ordersTopic(), [
      { key, value: '{"this is": not json' },
      { key, value: JSON.stringify(envelope) },
      { key, value: JSON.stringify({ ...envelope, id: randomUUID(), type: 'OrderPlaced', data: { orderId: 'nope' } }) },
      // A valid event of a type the worker does not consume.
      {
        key,
        value: JSON.stringify({
          ...envelope,
          id: randomUUID(),
          type: 'ProductChanged',
          data: { productId: key, change: 'UPDATED', name: 'x', priceCents: 1, quantity: 1 },
        }),
      },
    ]);
    // Orders placed after the poison are still confirmed.
    const { product } = await confirmedOrder(2, 5);
    await kafka.waitForCaughtUp(workerGroup(), ordersTopic());

    const dead = await kafka.readAll(`${ordersTopic()}.dlq`);
    const reasons = dead.map((m) => [m.headers['dlq-reason'], m.headers['dlq-error']]);
    expect(reasons).toEqual([
      ['invalid', 'message is not JSON'],
      ['invalid', 'unknown event type OrderTeleported'],
      ['invalid', expect.stringMatching(/^bad OrderPlaced data/)],
      ['failed', 'inventory-worker does not handle ProductChanged'],
    ]);
    for (const message of dead) {
      expect(message.key).toBe(key);
      expect(message.headers).toMatchObject({
        'dlq-original-topic': ordersTopic(),
        'dlq-consumer': workerGroup(),
      });
    }
    expect(dead[0]!.value).toBe('{"this is": not json');
    await expectInvariants(suite.system, [{ id: product._id, initial: 5 }]);
  });

  it('dead-letters a malformed outcome on the inventory topic without stalling orders', async () => {
    const key = randomUUID();
    await kafka.produce(`${suite.system.topicPrefix}inventory.events`, [{ key, value: 'garbage' }]);
    const { product } = await confirmedOrder(1, 1);
    await eventually(async () => {
      const dead = await kafka.readAll(`${suite.system.topicPrefix}inventory.events.dlq`);
      return dead.length === 1 ? dead : undefined;
    });
    await expectInvariants(suite.system, [{ id: product._id, initial: 1 }]);
  });
});
