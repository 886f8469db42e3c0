/**
 * Attack suite: forged and misused credentials through the gateway. Every forged token is
 * refused (UNAUTHENTICATED) by the subgraph that needs it, a wrong admin key is FORBIDDEN,
 * another user's order stays theirs, and a service with a short secret does not start.
 */
import { SignJWT, UnsecuredJWT } from 'jose';
import { bearer, expectOk, GraphQLClient, operation, type Session } from '@commerce/testing';
import { attackSuite } from '../src/attack';
import { TEST_SECRETS } from '../src/config';
import { repoProcess } from '../src/repo-process';

const suite = attackSuite('attack-auth');
let alice: Session;
let mallory: Session;
let productId: string;

beforeAll(async () => {
  alice = await suite.shop.register();
  mallory = await suite.shop.register();
  productId = (await suite.shop.createProduct(20, 999, 'Kettle'))._id;
});

const ISSUER = 'commerce-users';
const AUDIENCE = 'commerce';
const key = new TextEncoder().encode(TEST_SECRETS.JWT_SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A token for alice as the users service would sign it, with `change` applied. */
function forge(change: (jwt: SignJWT) => SignJWT = (jwt) => jwt, alg = 'HS256') {
  return change(
    new SignJWT({ username: alice.username })
      .setProtectedHeader({ alg, typ: 'JWT' })
      .setSubject(alice.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h'),
  );
}

const forgedTokens: [string, () => Promise<string>][] = [
  [
    'alg none',
    async () =>
      new UnsecuredJWT({ username: alice.username })
        .setSubject(alice.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .encode(),
  ],
  ['HS512 with the same secret', () => forge(undefined, 'HS512').sign(key)],
  [
    'expired',
    () => forge((jwt) => jwt.setIssuedAt(now() - 7200).setExpirationTime(now() - 3600)).sign(key),
  ],
  [
    'not valid before an hour from now',
    () => forge((jwt) => jwt.setNotBefore('1h').setExpirationTime('2h')).sign(key),
  ],
  [
    'without exp',
    () =>
      new SignJWT({ username: alice.username })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(alice.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .sign(key),
  ],
  ['from another issuer', () => forge((jwt) => jwt.setIssuer('evil-issuer')).sign(key)],
  ['for another audience', () => forge((jwt) => jwt.setAudience('another-app')).sign(key)],
  ['signed with another secret', () => forge().sign(new TextEncoder().encode('x'.repeat(64)))],
  [
    'with a tampered payload (sub of another user, signature kept)',
    async () => {
      const [header, , signature] = (await forge().sign(key)).split('.');
      const payload = Buffer.from(
        JSON.stringify({
          sub: mallory.userId,
          username: mallory.username,
          iss: ISSUER,
          aud: AUDIENCE,
          iat: now(),
          exp: now() + 3600,
        }),
      ).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
  ],
  ['that is not a JWT', async () => 'not.a.jwt'],
];

describe('forged tokens', () => {
  it.each(forgedTokens)('a token %s: UNAUTHENTICATED, no order placed', async (_what, make) => {
    const token = await make();
    await suite.db.expectNothingChanged(async () => {
      const order = await suite.shop.placeOrder(token, [{ _id: productId, quantity: 1 }]);
      expect(GraphQLClient.code(order)).toBe('UNAUTHENTICATED');
      const me = await suite.system.gateway.request('{ me { _id } }', {}, bearer(token));
      expect(GraphQLClient.code(me)).toBe('UNAUTHENTICATED');
    });
  });

  it('a genuine token is accepted (the forgeries differ from it in one thing only)', async () => {
    const token = await forge().sign(key);
    const me = expectOk(
      await suite.system.gateway.request<{ me: { _id: string } }>('{ me { _id } }', {}, bearer(token)),
    );
    expect(me.me._id).toBe(alice.userId);
  });

  it('Authorization schemes other than Bearer: UNAUTHENTICATED', async () => {
    await suite.db.expectNothingChanged(async () => {
      for (const authorization of [
        'Basic YWxpY2U6cGFzc3dvcmQ=',
        `Bearer ${alice.token} extra`,
        'Bearer',
      ]) {
        const response = await suite.system.gateway.request(
          operation('PlaceOrder'),
          { products: [{ _id: productId, quantity: 1 }] },
          { authorization },
        );
        expect(GraphQLClient.code(response)).toBe('UNAUTHENTICATED');
      }
    });
  });
});

describe('the admin key', () => {
  const attempt = (apiKey: string) =>
    suite.system.gateway.request(
      operation('CreateProduct'),
      { input: { name: 'Free lunch', price: 0, quantity: 1_000 } },
      { 'x-api-key': apiKey },
    );

  it.each([
    ['of the wrong length', 'x'],
    ['of the right length and the wrong value', `${TEST_SECRETS.API_SECRET.slice(0, -1)}!`],
    ['with the right value and a space around it', ` ${TEST_SECRETS.API_SECRET}x`],
    ['of a user (their bearer token)', 'Bearer token'],
  ])('a key %s: FORBIDDEN, no product created', async (_what, apiKey) => {
    const response = await suite.db.expectNothingChanged(() => attempt(apiKey));
    expect(GraphQLClient.code(response)).toBe('FORBIDDEN');
  });

  it('no key: UNAUTHENTICATED; restock and update are guarded the same way', async () => {
    await suite.db.expectNothingChanged(async () => {
      const none = await suite.system.gateway.request(operation('CreateProduct'), {
        input: { name: 'Free lunch', price: 0, quantity: 1 },
      });
      expect(GraphQLClient.code(none)).toBe('UNAUTHENTICATED');
      const restock = await suite.system.gateway.request(
        'mutation ($id: ID!) { restockProduct(id: $id, quantity: 1000) { _id } }',
        { id: productId },
        { 'x-api-key': 'x' },
      );
      expect(GraphQLClient.code(restock)).toBe('FORBIDDEN');
      const update = await suite.system.gateway.request(
        'mutation ($id: ID!) { updateProduct(id: $id, input: { price: 1 }) { _id } }',
        { id: productId },
        bearer(alice.token),
      );
      expect(GraphQLClient.code(update)).toBe('UNAUTHENTICATED');
    });
  });
});

describe("another user's order", () => {
  it('cancelOrder with an id that is not yours: NOT_FOUND, the order is untouched', async () => {
    const order = expectOk(
      await suite.shop.placeOrder(alice.token, [{ _id: productId, quantity: 1 }]),
    ).placeOrder;
    const response = await suite.db.expectNothingChanged(() =>
      suite.system.gateway.request(
        'mutation ($id: ID!) { cancelOrder(id: $id) { _id status } }',
        { id: order._id },
        bearer(mallory.token),
      ),
    );
    expect(GraphQLClient.code(response)).toBe('NOT_FOUND');
    // The same answer as for an order that does not exist: ids are not confirmed to strangers.
    const missing = await suite.system.gateway.request(
      'mutation ($id: ID!) { cancelOrder(id: $id) { _id } }',
      { id: '00000000-0000-4000-8000-000000000000' },
      bearer(mallory.token),
    );
    expect(missing.errors?.[0]?.extensions).toEqual(response.errors?.[0]?.extensions);
    await expect(suite.shop.orderStatus(alice.token, order._id)).resolves.toBe('PENDING');
  });

  it('nor can it be read, directly or through its owner', async () => {
    const order = expectOk(
      await suite.shop.placeOrder(alice.token, [{ _id: productId, quantity: 1 }]),
    ).placeOrder;
    await suite.db.expectNothingChanged(async () => {
      const direct = await suite.system.gateway.request(
        operation('Order'),
        { id: order._id },
        bearer(mallory.token),
      );
      expect(direct.data).toEqual({ order: null });
      const viaUser = await suite.system.gateway.request(
        'query ($id: ID!) { user(id: $id) { orders { _id } } }',
        { id: alice.userId },
        bearer(mallory.token),
      );
      expect(GraphQLClient.code(viaUser)).toBe('FORBIDDEN');
    });
  });
});

describe('a service started with a short JWT secret', () => {
  it.each(['users-subgraph', 'orders-subgraph'])(
    '%s refuses to boot, naming the variable',
    async (service) => {
      // Never ready: it has to exit on its own, within the start timeout.
      const app = repoProcess(
        service,
        { PORT: '0', LOG_LEVEL: 'silent', JWT_SECRET: 'x'.repeat(31), API_SECRET: TEST_SECRETS.API_SECRET },
        () => false,
      );
      try {
        await expect(app.start()).rejects.toThrow(`${service} exited (`);
      } finally {
        await app.kill();
      }
      expect(app.exitCode).not.toBe(0);
      expect(app.logs).toContain(`${service}: Invalid configuration`);
      expect(app.logs).toMatch(/JWT_SECRET: must be at least 32 bytes/);
    },
  );
});

describe('after all that', () => {
  it('a normal user still signs in and orders', async () => {
    const order = expectOk(await suite.shop.placeOrder(mallory.token, [{ _id: productId, quantity: 2 }]));
    expect(order.placeOrder.userId).toBe(mallory.userId);
  });
});
