/**
 * Attack suite: hostile inputs through a production-mode gateway: numbers at and past the
 * edges of Int, wrong types, unknown and duplicated lines, oversized and unusual Unicode
 * strings. Each is refused with a stable code and changes nothing anywhere.
 */
import {
  bearer,
  expectOk,
  GraphQLClient,
  type GraphQLResponse,
  operation,
  type Session,
} from '@commerce/testing';
import { attackSuite, postJson } from '../src/attack';

const suite = attackSuite('attack-inputs');
let buyer: Session;
let productId: string;

beforeAll(async () => {
  buyer = await suite.shop.register();
  productId = (await suite.shop.createProduct(100_000, 100, 'Bolt'))._id;
});

async function expectRefused(attempt: () => Promise<GraphQLResponse<unknown>>, code: string) {
  const response = await suite.db.expectNothingChanged(attempt);
  expect(GraphQLClient.code(response)).toBe(code);
  return response;
}

const order = (products: unknown) =>
  suite.system.gateway.request(operation('PlaceOrder'), { products }, bearer(buyer.token));
const inlineOrder = (quantity: string) =>
  suite.system.gateway.request(
    `mutation { placeOrder(products: [{ _id: "${productId}", quantity: ${quantity} }]) { _id } }`,
    {},
    bearer(buyer.token),
  );
const register = (input: unknown) => suite.system.gateway.request(operation('RegisterUser'), { input });

describe('quantities', () => {
  it.each([
    ['0', 0, 'INVALID_QUANTITY'],
    ['-1', -1, 'INVALID_QUANTITY'],
    ['one past the per-order maximum', 10_001, 'INVALID_QUANTITY'],
    ['2^31 (past Int)', 2 ** 31, 'BAD_USER_INPUT'],
    ['2^53', 2 ** 53, 'BAD_USER_INPUT'],
    ['-2^31 - 1', -(2 ** 31) - 1, 'BAD_USER_INPUT'],
    ['1e308', 1e308, 'BAD_USER_INPUT'],
    ['1.5', 1.5, 'BAD_USER_INPUT'],
    ['a string', '3', 'BAD_USER_INPUT'],
    ['null', null, 'BAD_USER_INPUT'],
    ['an object', { valueOf: 3 }, 'BAD_USER_INPUT'],
  ])('quantity %s (variables): %s', async (_what, quantity, code) => {
    await expectRefused(() => order([{ _id: productId, quantity }]), code);
  });

  it.each([
    ['0', 'INVALID_QUANTITY'],
    ['-1', 'INVALID_QUANTITY'],
    ['2147483648', 'GRAPHQL_VALIDATION_FAILED'],
    ['9007199254740992', 'GRAPHQL_VALIDATION_FAILED'],
    ['"3"', 'GRAPHQL_VALIDATION_FAILED'],
    ['3.0', 'GRAPHQL_VALIDATION_FAILED'],
  ])('quantity %s (inline literal): %s', async (quantity, code) => {
    await expectRefused(() => inlineOrder(quantity), code);
  });
});

describe('lines', () => {
  it('an unknown product, and one named by something that is not an id: UNKNOWN_PRODUCT', async () => {
    await expectRefused(
      () => order([{ _id: '00000000-0000-4000-8000-000000000000', quantity: 1 }]),
      'UNKNOWN_PRODUCT',
    );
    await expectRefused(() => order([{ _id: "' OR 1=1 --", quantity: 1 }]), 'UNKNOWN_PRODUCT');
    await expectRefused(
      () =>
        order([
          { _id: productId, quantity: 1 },
          { _id: '\u0000', quantity: 1 },
        ]),
      'UNKNOWN_PRODUCT',
    );
  });

  it('no lines, a null list, a null line: EMPTY_ORDER / BAD_USER_INPUT', async () => {
    await expectRefused(() => order([]), 'EMPTY_ORDER');
    await expectRefused(() => order(null), 'EMPTY_ORDER');
    await expectRefused(() => order([null]), 'BAD_USER_INPUT');
    await expectRefused(() => order([{ quantity: 1 }]), 'BAD_USER_INPUT');
  });

  it('duplicate lines are merged, so they cannot smuggle more than the maximum', async () => {
    const lines = Array.from({ length: 51 }, () => ({ _id: productId, quantity: 200 }));
    await expectRefused(() => order(lines), 'INVALID_QUANTITY');
    // The same id in other letter cases is the same product.
    await expectRefused(
      () =>
        order([
          { _id: productId, quantity: 10_000 },
          { _id: productId.toUpperCase(), quantity: 1 },
        ]),
      'INVALID_QUANTITY',
    );
  });

  it('duplicate lines within the maximum become one line', async () => {
    const placed = expectOk(
      await order(Array.from({ length: 50 }, () => ({ _id: productId, quantity: 200 }))),
    );
    expect((placed as { placeOrder: { products: unknown[] } }).placeOrder.products).toEqual([
      { _id: productId, quantity: 10_000 },
    ]);
  });
});

describe('usernames', () => {
  it('a 1 MB username: 413 PAYLOAD_TOO_LARGE, at sign-up and at sign-in', async () => {
    const huge = 'x'.repeat(1_000_000);
    for (const query of [
      operation('RegisterUser'),
      'mutation ($input: LoginInput) { login(input: $input) { access_token } }',
    ]) {
      const response = await suite.db.expectNothingChanged(() =>
        postJson(
          suite.system.gatewayUrl,
          JSON.stringify({
            query,
            variables: { input: { username: huge, password: 'a good long password' } },
          }),
        ),
      );
      expect(response.status).toBe(413);
      expect(GraphQLClient.code(response.body)).toBe('PAYLOAD_TOO_LARGE');
    }
  });

  it('a 90 kB username (under the body limit): INVALID_USERNAME / INVALID_CREDENTIALS', async () => {
    const long = 'x'.repeat(90_000);
    await expectRefused(
      () => register({ username: long, password: 'a good long password' }),
      'INVALID_USERNAME',
    );
    await expectRefused(
      () =>
        suite.system.gateway.request(
          'mutation ($input: LoginInput) { login(input: $input) { access_token } }',
          {
            input: { username: long, password: 'p'.repeat(9_000) },
          },
        ),
      'INVALID_CREDENTIALS',
    );
  });

  it.each([
    ['a right-to-left override', 'admin\u202egnp.exe'],
    ['a zero-width joiner', 'ad\u200dmin'],
    ['a byte order mark', '\ufeffadmin'],
    ['a lone surrogate', 'ad\ud800min'],
    ['emoji', '\u{1f600}\u{1f600}\u{1f600}'],
    ['combining marks piled on one letter', `a${'\u0301'.repeat(40)}`],
    ['a combining mark that composes with nothing', 'adm\u0338in'],
    ['33 letters outside the BMP', '\u{1d49c}'.repeat(33)],
    ['a newline', 'ad\nmin'],
    ['the escape character', 'ad\u001bmin'],
  ])('%s: INVALID_USERNAME', async (_what, username) => {
    await expectRefused(
      () => register({ username, password: 'a good long password' }),
      'INVALID_USERNAME',
    );
  });

  it('32 letters outside the BMP are 32 characters, not 64', async () => {
    const data = expectOk(
      await register({ username: '\u{1d49c}'.repeat(32), password: 'a good long password' }),
    );
    expect(data).toMatchObject({ registerUser: { user: { username: '\u{1d49c}'.repeat(32) } } });
  });

  it('sign-in accepts the NFD spelling of an NFC name, and finds the same account', async () => {
    const session = await suite.shop.register('Zo\u00eb_unicode');
    const response = await suite.db.expectNothingChanged(() =>
      suite.system.gateway.request<{ login: { user: { _id: string } } }>(
        'mutation ($input: LoginInput) { login(input: $input) { user { _id } } }',
        { input: { username: 'Zoe\u0308_unicode', password: 'a good long password' } },
      ),
    );
    expect(expectOk(response).login.user._id).toBe(session.userId);
  });

  it('wrong types and missing input: BAD_USER_INPUT', async () => {
    await expectRefused(() => register(null), 'BAD_USER_INPUT');
    await expectRefused(
      () => register({ username: 12345, password: 'a good long password' }),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      () => register({ username: ['a', 'b'], password: 'a good long password' }),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      () => register({ username: 'valid_name', password: 'a good long password', admin: true }),
      'BAD_USER_INPUT',
    );
  });
});

describe('after all that', () => {
  it('a normal user still registers and orders', async () => {
    const session = await suite.shop.register();
    const placed = expectOk(
      await suite.shop.placeOrder(session.token, [{ _id: productId, quantity: 3 }]),
    );
    expect(placed.placeOrder.products).toEqual([{ _id: productId, quantity: 3 }]);
  });
});
