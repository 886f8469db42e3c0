import { expectOk, GraphQLClient, operation } from '@commerce/testing';
import { ADMIN } from '../src/shop';
import { systemSuite } from '../src/suite';

const suite = systemSuite({ worker: 'none', saga: false });

/** Row counts of every table a bad request could touch. */
async function snapshot() {
  const [orders, lines, outbox, products] = await Promise.all([
    suite.system.ordersDb.order.count(),
    suite.system.ordersDb.orderLine.count(),
    suite.system.ordersDb.outboxEvent.count(),
    suite.system.productsDb.product.findMany({ orderBy: { id: 'asc' } }),
  ]);
  const users = await suite.system.gateway.request<{ users: unknown[] }>('{ users(first: 100) { _id } }');
  return { orders, lines, outbox, products, users: expectOk(users).users.length };
}

async function expectRejected(response: Promise<unknown>, code: string) {
  const before = await snapshot();
  const result = (await response) as Parameters<typeof GraphQLClient.code>[0];
  expect(GraphQLClient.code(result)).toBe(code);
  expect(await snapshot()).toEqual(before);
}

const register = (username: string, password = 'a good long password') =>
  suite.system.gateway.request(operation('RegisterUser'), { input: { username, password } });
const createProduct = (input: Record<string, unknown>) =>
  suite.system.gateway.request(operation('CreateProduct'), { input }, ADMIN);

describe('registerUser validation', () => {
  it.each([
    ['an empty username', '', 'INVALID_USERNAME'],
    ['a 2-character username', 'ab', 'INVALID_USERNAME'],
    ['an oversized username', 'x'.repeat(33), 'INVALID_USERNAME'],
    ['a username with spaces', 'ada lovelace', 'INVALID_USERNAME'],
    ['a username with a zero-width space', 'ada\u200blovelace', 'INVALID_USERNAME'],
    ['a username with a control character', 'ada\u0000', 'INVALID_USERNAME'],
  ])('rejects %s', async (_what, username, code) => {
    await expectRejected(register(username), code);
  });

  it('refuses a 1 MB username at the gateway (body limit) with PAYLOAD_TOO_LARGE', async () => {
    const response = register('x'.repeat(1_000_000));
    await expectRejected(response, 'PAYLOAD_TOO_LARGE');
    expect((await response).status).toBe(413);
  });

  it.each([
    ['an empty password', '', 'INVALID_PASSWORD'],
    ['a 7-character password', 'x'.repeat(7), 'INVALID_PASSWORD'],
    ['an oversized password', 'x'.repeat(129), 'INVALID_PASSWORD'],
  ])('rejects %s', async (_what, password, code) => {
    await expectRejected(register('valid_name', password), code);
  });

  it('accepts letters of any script and treats NFC/NFD spellings as one name', async () => {
    expectOk(await register('Jos\u00e9_\u5c71\u7530'));
    await expectRejected(register('Jose\u0301_\u5c71\u7530'), 'USERNAME_TAKEN');
  });

  it('rejects a duplicate username', async () => {
    expectOk(await register('only_once'));
    await expectRejected(register('only_once'), 'USERNAME_TAKEN');
  });

  it('lets exactly one of 10 concurrent registrations of a name win', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => register('racer')));
    const codes = results.map((r) => (r.errors ? GraphQLClient.code(r) : 'OK')).sort();
    expect(codes).toEqual(['OK', ...Array(9).fill('USERNAME_TAKEN')]);
  });
});

describe('createProduct validation', () => {
  it.each([
    ['a negative price', { name: 'P', price: -1, quantity: 1 }, 'INVALID_PRICE'],
    ['a price over the maximum', { name: 'P', price: 100_000_001, quantity: 1 }, 'INVALID_PRICE'],
    ['negative stock', { name: 'P', price: 1, quantity: -1 }, 'INVALID_QUANTITY'],
    ['stock over the maximum', { name: 'P', price: 1, quantity: 1_000_001 }, 'INVALID_QUANTITY'],
    ['an empty name', { name: '   ', price: 1, quantity: 1 }, 'INVALID_NAME'],
    ['an oversized name', { name: 'n'.repeat(201), price: 1, quantity: 1 }, 'INVALID_NAME'],
  ])('rejects %s', async (_what, input, code) => {
    await expectRejected(createProduct(input), code);
  });

  it('rejects a non-integer price before any resolver runs', async () => {
    await expectRejected(createProduct({ name: 'P', price: 1.5, quantity: 1 }), 'BAD_USER_INPUT');
  });

  it('rejects restock and update of an unknown product', async () => {
    await expectRejected(
      suite.system.gateway.request(
        'mutation { restockProduct(id: "00000000-0000-4000-8000-000000000000", quantity: 1) { _id } }',
        {},
        ADMIN,
      ),
      'NOT_FOUND',
    );
    await expectRejected(
      suite.system.gateway.request(
        'mutation { updateProduct(id: "nope", input: { price: 5 }) { _id } }',
        {},
        ADMIN,
      ),
      'NOT_FOUND',
    );
  });
});

describe('placeOrder validation', () => {
  let token: string;
  let productId: string;
  beforeAll(async () => {
    token = (await suite.shop.register()).token;
    productId = (await suite.shop.createProduct(100, 500))._id;
  });

  it.each([
    ['quantity 0', () => [{ _id: productId, quantity: 0 }], 'INVALID_QUANTITY'],
    ['quantity -1', () => [{ _id: productId, quantity: -1 }], 'INVALID_QUANTITY'],
    ['an empty order', () => [], 'EMPTY_ORDER'],
    ['an unknown product', () => [{ _id: '00000000-0000-4000-8000-000000000000', quantity: 1 }], 'UNKNOWN_PRODUCT'],
    ['a malformed product id', () => [{ _id: 'robert"); DROP TABLE orders;--', quantity: 1 }], 'UNKNOWN_PRODUCT'],
    [
      'too many lines',
      () =>
        Array.from({ length: 51 }, (_, i) => ({
          _id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          quantity: 1,
        })),
      'TOO_MANY_LINES',
    ],
  ])('rejects %s', async (_what, lines, code) => {
    await expectRejected(suite.shop.placeOrder(token, lines()), code);
  });

  it.each([
    ['2^31 units', 2 ** 31],
    ['2^53 units', 2 ** 53],
    ['a fractional quantity', 1.5],
    ['a string', 'three'],
  ])('rejects %s as GraphQL input', async (_what, quantity) => {
    await expectRejected(
      suite.system.gateway.request(operation('PlaceOrder'), { products: [{ _id: productId, quantity }] }, {
        authorization: `Bearer ${token}`,
      }),
      'BAD_USER_INPUT',
    );
  });

  it('merges duplicate lines instead of double counting', async () => {
    const order = expectOk(
      await suite.shop.placeOrder(token, [
        { _id: productId, quantity: 2 },
        { _id: productId, quantity: 3 },
      ]),
    ).placeOrder;
    expect(order.products).toEqual([{ _id: productId, quantity: 5 }]);
    const lines = await suite.system.ordersDb.orderLine.findMany({ where: { orderId: order._id } });
    expect(lines).toEqual([expect.objectContaining({ productId, quantity: 5, unitPriceCents: 500 })]);
    const outbox = await suite.system.ordersDb.outboxEvent.findMany({ where: { key: order._id } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: 'OrderPlaced', topic: 'orders' });
  });

  it('rejects a bad page size', async () => {
    const response = await suite.system.gateway.request('{ products(first: 1000000000) { _id } }');
    expect(GraphQLClient.code(response)).toBe('INVALID_PAGINATION');
  });
});
