import { expectOk, type Session } from '@commerce/testing';
import { expectInvariants, percentile, waitUntilSettled } from '../src/invariants';
import { systemSuite } from '../src/suite';

const STOCK = 50; // K, per product
const BUYERS = 200; // N
const PRODUCTS = 4;

const suite = systemSuite();

it(`${BUYERS} concurrent buyers, ${PRODUCTS} products of ${STOCK}: confirmed exactly what fits`, async () => {
  const products = await Promise.all(
    Array.from({ length: PRODUCTS }, (_, i) => suite.shop.createProduct(STOCK, 100 + i, `Scarce ${i}`)),
  );
  const buyers: Session[] = [];
  for (let i = 0; i < BUYERS; i += 25) {
    buyers.push(...(await Promise.all(Array.from({ length: Math.min(25, BUYERS - i) }, () => suite.shop.register()))));
  }

  // Each buyer wants 2 or 3 different products, 1-3 units each: demand is ~5x the stock.
  const started = Date.now();
  const placed = await Promise.all(
    buyers.map(async (buyer, b) => {
      const lines = Array.from({ length: 2 + (b % 2) }, (_, l) => ({
        _id: products[(b + l) % PRODUCTS]!._id,
        quantity: 1 + ((b * 7 + l) % 3),
      }));
      return expectOk(await suite.shop.placeOrder(buyer.token, lines)).placeOrder._id;
    }),
  );
  const placedIn = Date.now() - started;
  await waitUntilSettled(suite.system);

  await expectInvariants(
    suite.system,
    products.map((p) => ({ id: p._id, initial: STOCK })),
  );

  const orders = await suite.system.ordersDb.order.findMany({ where: { id: { in: placed } } });
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
  const rejected = orders.filter((o) => o.status === 'REJECTED');
  expect(confirmed.length + rejected.length).toBe(BUYERS);
  expect(confirmed.length).toBeGreaterThan(0);
  expect(rejected.length).toBeGreaterThan(0);

  // "Exactly the orders that fit": every rejected order had a product whose remaining
  // stock was below the quantity asked when it was decided; after the run, each product's
  // leftover is below the smallest quantity any rejected order asked of it, or nobody
  // rejected asked for it at all.
  const finalStock = new Map(
    (await suite.system.productsDb.product.findMany({ where: { id: { in: products.map((p) => p._id) } } })).map((p) => [
      p.id,
      p.quantity,
    ]),
  );
  const lines = await suite.system.ordersDb.orderLine.findMany({ where: { orderId: { in: rejected.map((o) => o.id) } } });
  const rejectedOrders = new Map<string, { productId: string; quantity: number }[]>();
  for (const line of lines) rejectedOrders.set(line.orderId, [...(rejectedOrders.get(line.orderId) ?? []), line]);
  for (const [orderId, orderLines] of rejectedOrders) {
    const couldFitNow = orderLines.every((line) => (finalStock.get(line.productId) ?? 0) >= line.quantity);
    expect({ orderId, couldFitNow }).toEqual({ orderId, couldFitNow: false });
  }

  const latencies = orders.map((o) => o.updatedAt.getTime() - o.createdAt.getTime()).sort((a, b) => a - b);
  const lastDecision = Math.max(...orders.map((o) => o.updatedAt.getTime()));
  console.log(
    [
      `saga concurrency: ${BUYERS} orders placed in ${placedIn} ms (${((BUYERS / placedIn) * 1000).toFixed(0)} placeOrder/s)`,
      `${confirmed.length} confirmed, ${rejected.length} rejected`,
      `decided ${((BUYERS / (lastDecision - started)) * 1000).toFixed(0)} orders/s, confirmed ${((confirmed.length / (lastDecision - started)) * 1000).toFixed(0)}/s`,
      `placeOrder -> final status p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`,
    ].join('; '),
  );
}, 120_000);
