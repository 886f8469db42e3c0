/**
 * Attack suite: retried and raced placeOrder calls with an Idempotency-Key, through the
 * gateway (which forwards the header to orders). One key, one order, whatever happens.
 */
import { randomUUID } from 'node:crypto';
import { bearer, expectOk, GraphQLClient, operation, type Session } from '@commerce/testing';
import { attackSuite } from '../src/attack';

const suite = attackSuite('attack-idempotency');
let buyer: Session;
let a: string;
let b: string;

beforeAll(async () => {
  buyer = await suite.shop.register();
  a = (await suite.shop.createProduct(100, 250, 'Apple'))._id;
  b = (await suite.shop.createProduct(100, 400, 'Bread'))._id;
});

type Placed = {
  placeOrder: { _id: string; userId: string; products: { _id: string; quantity: number }[] };
};

const place = (session: Session, lines: { _id: string; quantity: number }[], key?: string) =>
  suite.system.gateway.request<Placed>(
    operation('PlaceOrder'),
    { products: lines },
    { ...bearer(session.token), ...(key !== undefined ? { 'idempotency-key': key } : {}) },
  );

describe('placeOrder with an Idempotency-Key', () => {
  it('a retry with the same key and lines returns the same order and writes nothing', async () => {
    const key = randomUUID();
    const first = expectOk(await place(buyer, [{ _id: a, quantity: 2 }], key)).placeOrder;
    const retry = await suite.db.expectNothingChanged(() => place(buyer, [{ _id: a, quantity: 2 }], key));
    expect(expectOk(retry).placeOrder).toEqual(first);
    expect(await suite.system.ordersDb.idempotencyKey.findMany({ where: { key } })).toEqual([
      expect.objectContaining({ key, userId: buyer.userId, orderId: first._id }),
    ]);
  });

  it('the same lines spelled differently (order, duplicates, case) are the same request', async () => {
    const key = randomUUID();
    const first = expectOk(
      await place(
        buyer,
        [
          { _id: a, quantity: 1 },
          { _id: b, quantity: 3 },
        ],
        key,
      ),
    ).placeOrder;
    const respelled = await suite.db.expectNothingChanged(() =>
      place(
        buyer,
        [
          { _id: b.toUpperCase(), quantity: 1 },
          { _id: a, quantity: 1 },
          { _id: b, quantity: 2 },
        ],
        key,
      ),
    );
    expect(expectOk(respelled).placeOrder._id).toBe(first._id);
  });

  it('the same key with other lines: IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
    const key = randomUUID();
    expectOk(await place(buyer, [{ _id: a, quantity: 1 }], key));
    const reused = await suite.db.expectNothingChanged(() =>
      place(buyer, [{ _id: a, quantity: 5 }], key),
    );
    expect(GraphQLClient.code(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.errors?.[0]?.extensions?.['field']).toBe('Idempotency-Key');
  });

  it('20 concurrent first attempts with one key place exactly one order', async () => {
    const key = randomUUID();
    const before = await suite.system.ordersDb.order.count();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => place(buyer, [{ _id: b, quantity: 1 }], key)),
    );
    const ids = new Set(results.map((result) => expectOk(result).placeOrder._id));
    expect(ids.size).toBe(1);
    expect(await suite.system.ordersDb.order.count()).toBe(before + 1);
    const [id] = [...ids];
    expect(await suite.system.ordersDb.outboxEvent.count({ where: { key: id! } })).toBe(1);
  });

  it('concurrent attempts with one key and different lines: one order, the others refused', async () => {
    const key = randomUUID();
    const before = await suite.system.ordersDb.order.count();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => place(buyer, [{ _id: a, quantity: 1 + (i % 2) }], key)),
    );
    const placed = results.filter((result) => !result.errors);
    const refused = results.filter((result) => result.errors);
    expect(new Set(placed.map((result) => result.data?.placeOrder._id)).size).toBe(1);
    expect(refused.map(GraphQLClient.code)).toEqual(refused.map(() => 'IDEMPOTENCY_KEY_REUSED'));
    expect(placed.length + refused.length).toBe(10);
    expect(await suite.system.ordersDb.order.count()).toBe(before + 1);
  });

  it('keys are per user: another user with the same key gets their own order', async () => {
    const key = randomUUID();
    const other = await suite.shop.register();
    const mine = expectOk(await place(buyer, [{ _id: a, quantity: 1 }], key)).placeOrder;
    const theirs = expectOk(await place(other, [{ _id: a, quantity: 1 }], key)).placeOrder;
    expect(theirs._id).not.toBe(mine._id);
    expect(theirs.userId).toBe(other.userId);
  });

  it('a failed attempt keeps no key: the retry is a first attempt', async () => {
    const key = randomUUID();
    const unknown = await suite.db.expectNothingChanged(() =>
      place(buyer, [{ _id: '00000000-0000-4000-8000-000000000000', quantity: 1 }], key),
    );
    expect(GraphQLClient.code(unknown)).toBe('UNKNOWN_PRODUCT');
    expectOk(await place(buyer, [{ _id: a, quantity: 1 }], key));
  });

  it.each([
    ['a key of 129 characters', 'k'.repeat(129)],
    ['a key with a space', 'two words'],
    ['a key with a non-ASCII character', 'cl\u00e9'],
  ])('refuses %s with INVALID_IDEMPOTENCY_KEY', async (_what, key) => {
    const response = await suite.db.expectNothingChanged(() =>
      place(buyer, [{ _id: a, quantity: 1 }], key),
    );
    expect(GraphQLClient.code(response)).toBe('INVALID_IDEMPOTENCY_KEY');
  });
});

describe('after all that', () => {
  it('a normal user still orders without a key, twice, and gets two orders', async () => {
    const first = expectOk(await place(buyer, [{ _id: a, quantity: 1 }])).placeOrder;
    const second = expectOk(await place(buyer, [{ _id: a, quantity: 1 }])).placeOrder;
    expect(second._id).not.toBe(first._id);
  });
});
