import { bearer, expectOk, GraphQLClient } from '@commerce/testing';
import { eventually } from '../src/shop';
import { systemSuite } from '../src/suite';

const suite = systemSuite();

const statusBecomes = (token: string, id: string, status: string) =>
  eventually(async () => ((await suite.shop.orderStatus(token, id)) === status ? true : undefined), 10_000, `order ${status}`);

describe('the inventory saga', () => {
  /** A new buyer's order of two lines from two new products, once the saga decided `status`. */
  async function twoLineOrder(stocks: [number, number], quantities: [number, number], status: string) {
    const { token } = await suite.shop.register();
    const a = await suite.shop.createProduct(stocks[0]);
    const b = await suite.shop.createProduct(stocks[1]);
    const started = Date.now();
    const order = expectOk(
      await suite.shop.placeOrder(token, [
        { _id: a._id, quantity: quantities[0] },
        { _id: b._id, quantity: quantities[1] },
      ]),
    ).placeOrder;
    await statusBecomes(token, order._id, status);
    return { a, b, decidedInMs: Date.now() - started };
  }

  it('confirms an order that fits and takes its stock', async () => {
    const { a, b, decidedInMs } = await twoLineOrder([5, 2], [3, 2], 'CONFIRMED');
    expect(decidedInMs).toBeLessThan(5_000);
    await expect(suite.shop.product(a._id)).resolves.toMatchObject({ quantity: 2 });
    await expect(suite.shop.product(b._id)).resolves.toMatchObject({ quantity: 0 });
  });

  it('rejects an order with a short line and takes nothing', async () => {
    const { a, b } = await twoLineOrder([5, 1], [1, 2], 'REJECTED');
    await expect(suite.shop.product(a._id)).resolves.toMatchObject({ quantity: 5 });
    await expect(suite.shop.product(b._id)).resolves.toMatchObject({ quantity: 1 });
  });

  it('releases the stock of a cancelled order exactly once', async () => {
    const { token } = await suite.shop.register();
    const a = await suite.shop.createProduct(4);
    const order = expectOk(await suite.shop.placeOrder(token, [{ _id: a._id, quantity: 3 }])).placeOrder;
    await statusBecomes(token, order._id, 'CONFIRMED');
    await expect(suite.shop.product(a._id)).resolves.toMatchObject({ quantity: 1 });

    const cancel = (id: string) =>
      suite.system.gateway.request('mutation ($id: ID!) { cancelOrder(id: $id) { status } }', { id }, bearer(token));
    expect(expectOk(await cancel(order._id))).toEqual({ cancelOrder: { status: 'CANCELLED' } });
    await eventually(async () => ((await suite.shop.product(a._id))?.quantity === 4 ? true : undefined));
    const again = await cancel(order._id);
    expect(GraphQLClient.code(again)).toBe('ORDER_NOT_CANCELLABLE');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(suite.shop.product(a._id)).resolves.toMatchObject({ quantity: 4 });
    const reservation = await suite.system.productsDb.reservation.findUnique({ where: { orderId: order._id } });
    expect(reservation?.status).toBe('RELEASED');
  });
});
