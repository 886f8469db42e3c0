import { bearer, expectOk } from '@commerce/testing';
import { expectInvariants } from '../src/invariants';
import { eventually } from '../src/shop';
import { systemSuite, type SystemSuite } from '../src/suite';

/** The order's status and cancel reason, once its status is `status`. */
const settled = (suite: SystemSuite, token: string, id: string, status: string) =>
  eventually(
    async () => {
      const response = await suite.system.gateway.request(
        'query ($id: ID!) { order(id: $id) { status cancelReason } }',
        { id },
        bearer(token),
      );
      const order = (expectOk(response) as { order: { status: string; cancelReason: string | null } }).order;
      return order.status === status ? order : undefined;
    },
    10_000,
    `order ${status}`,
  );

describe('one user cannot hold the whole inventory (MAX_HELD_UNITS_PER_USER)', () => {
  const suite = systemSuite({ workerEnv: { MAX_HELD_UNITS_PER_USER: '5' } });

  it('rejects the order that would take a user past the limit; others and later orders go through', async () => {
    const product = await suite.shop.createProduct(100);
    const greedy = await suite.shop.register();
    const other = await suite.shop.register();
    const place = async (token: string, quantity: number) =>
      expectOk(await suite.shop.placeOrder(token, [{ _id: product._id, quantity }])).placeOrder._id;

    const first = await place(greedy.token, 4);
    await settled(suite, greedy.token, first, 'CONFIRMED');
    const second = await place(greedy.token, 2); // 4 + 2 > 5
    await settled(suite, greedy.token, second, 'REJECTED');
    const others = await place(other.token, 5);
    await settled(suite, other.token, others, 'CONFIRMED');

    // Cancelling frees the user's units again.
    const cancel = await suite.system.gateway.request(
      'mutation ($id: ID!) { cancelOrder(id: $id) { status cancelReason } }',
      { id: first },
      bearer(greedy.token),
    );
    expect(expectOk(cancel)).toEqual({ cancelOrder: { status: 'CANCELLED', cancelReason: 'CUSTOMER' } });
    await eventually(async () => ((await suite.shop.product(product._id))?.quantity === 95 ? true : undefined));
    const third = await place(greedy.token, 5);
    await settled(suite, greedy.token, third, 'CONFIRMED');

    const rejection = await suite.system.productsDb.reservation.findUniqueOrThrow({ where: { orderId: second } });
    expect(rejection).toMatchObject({ status: 'REJECTED', userId: greedy.userId });
    await expectInvariants(suite.system, [{ id: product._id, initial: 100 }]);
  });
});

describe('orders that hold their stock too long expire (ORDER_HOLD_SECONDS)', () => {
  const suite = systemSuite({ ordersEnv: { ORDER_HOLD_SECONDS: '2', ORDER_EXPIRY_SWEEP_SECONDS: '0.25' } });

  it('cancels an order still CONFIRMED after the hold time (EXPIRED) and its stock comes back', async () => {
    const product = await suite.shop.createProduct(10);
    const buyer = await suite.shop.register();
    const id = expectOk(await suite.shop.placeOrder(buyer.token, [{ _id: product._id, quantity: 3 }])).placeOrder._id;
    await settled(suite, buyer.token, id, 'CONFIRMED');
    await expect(suite.shop.product(product._id)).resolves.toMatchObject({ quantity: 7 });

    const expired = await settled(suite, buyer.token, id, 'CANCELLED');
    expect(expired.cancelReason).toBe('EXPIRED');
    await eventually(async () => ((await suite.shop.product(product._id))?.quantity === 10 ? true : undefined));
    const reservation = await suite.system.productsDb.reservation.findUniqueOrThrow({ where: { orderId: id } });
    expect(reservation.status).toBe('RELEASED');
    await expectInvariants(suite.system, [{ id: product._id, initial: 10 }]);
  });
});
