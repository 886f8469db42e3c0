import { bearer, expectOk, GraphQLClient, operation } from '@commerce/testing';
import { ADMIN } from '../src/shop';
import { systemSuite } from '../src/suite';

const suite = systemSuite({ worker: 'none', saga: false });

describe('the seed API through the gateway', () => {
  it('registers a user and lists users', async () => {
    const session = await suite.shop.register('ada_lovelace');
    expect(session.token.split('.')).toHaveLength(3);
    const data = expectOk(
      await suite.system.gateway.request<{ users: { _id: string; username: string }[] }>(operation('Users')),
    );
    expect(data.users).toContainEqual({ _id: session.userId, username: 'ada_lovelace' });
    const one = expectOk(
      await suite.system.gateway.request<{ user: { username: string } }>(operation('User'), {
        id: session.userId,
      }),
    );
    expect(one.user.username).toBe('ada_lovelace');
  });

  it('creates a product with the admin key and lists products', async () => {
    const product = await suite.shop.createProduct(7, 1_250, 'Teapot');
    expect(product).toMatchObject({ name: 'Teapot', price: 1_250, quantity: 7 });
    const data = expectOk(await suite.system.gateway.request<{ products: unknown[] }>(operation('Products')));
    expect(data.products).toContainEqual(product);
  });

  it('places an order with the token; it starts PENDING', async () => {
    const session = await suite.shop.register();
    const product = await suite.shop.createProduct(10);
    const data = expectOk(await suite.shop.placeOrder(session.token, [{ _id: product._id, quantity: 2 }]));
    expect(data.placeOrder).toMatchObject({
      userId: session.userId,
      products: [{ _id: product._id, quantity: 2 }],
    });
    await expect(suite.shop.orderStatus(session.token, data.placeOrder._id)).resolves.toBe('PENDING');

    const orders = expectOk(
      await suite.system.gateway.request<{ orders: { _id: string }[] }>(
        operation('Orders'),
        {},
        bearer(session.token),
      ),
    );
    expect(orders.orders.map((o) => o._id)).toEqual([data.placeOrder._id]);
  });

  it('refuses createProduct without the key (UNAUTHENTICATED) or with a wrong one (FORBIDDEN)', async () => {
    const input = { input: { name: 'Free lunch', price: 0, quantity: 1 } };
    const missing = await suite.system.gateway.request(operation('CreateProduct'), input);
    expect(GraphQLClient.code(missing)).toBe('UNAUTHENTICATED');
    const wrong = await suite.system.gateway.request(operation('CreateProduct'), input, {
      'x-api-key': 'not-the-key',
    });
    expect(GraphQLClient.code(wrong)).toBe('FORBIDDEN');
    const products = await suite.system.productsDb.product.count({ where: { name: 'Free lunch' } });
    expect(products).toBe(0);
  });

  it('refuses placeOrder without a token', async () => {
    const product = await suite.shop.createProduct(3);
    const before = await suite.system.ordersDb.order.count();
    const response = await suite.system.gateway.request(operation('PlaceOrder'), {
      products: [{ _id: product._id, quantity: 1 }],
    });
    expect(GraphQLClient.code(response)).toBe('UNAUTHENTICATED');
    expect(await suite.system.ordersDb.order.count()).toBe(before);
  });

  it('answers one query across all three subgraphs consistently', async () => {
    const session = await suite.shop.register();
    const a = await suite.shop.createProduct(5, 300, 'Apple');
    const b = await suite.shop.createProduct(5, 450, 'Banana');
    const placed = expectOk(
      await suite.shop.placeOrder(session.token, [
        { _id: a._id, quantity: 2 },
        { _id: b._id, quantity: 1 },
      ]),
    ).placeOrder;

    const data = expectOk(
      await suite.system.gateway.request<{
        order: {
          _id: string;
          total: number;
          user: { _id: string; username: string; orders: { _id: string }[] };
          products: { _id: string; quantity: number; unitPrice: number; product: { name: string; price: number } }[];
        };
      }>(
        `query ($id: ID!) {
          order(id: $id) {
            _id total
            user { _id username orders { _id } }
            products { _id quantity unitPrice product { name price } }
          }
        }`,
        { id: placed._id },
        bearer(session.token),
      ),
    );
    expect(data.order.user).toEqual({
      _id: session.userId,
      username: session.username,
      orders: [{ _id: placed._id }],
    });
    const lines = [...data.order.products].sort((x, y) => x.product.name.localeCompare(y.product.name));
    expect(lines).toEqual([
      { _id: a._id, quantity: 2, unitPrice: 300, product: { name: 'Apple', price: 300 } },
      { _id: b._id, quantity: 1, unitPrice: 450, product: { name: 'Banana', price: 450 } },
    ]);
    expect(data.order.total).toBe(2 * 300 + 450);
  });

  it('resolves entities in each subgraph through _entities', async () => {
    const session = await suite.shop.register();
    const product = await suite.shop.createProduct(4, 99, 'Entity');
    const order = expectOk(await suite.shop.placeOrder(session.token, [{ _id: product._id, quantity: 1 }]))
      .placeOrder;
    const entities = async (url: string, representations: unknown[], selection: string, headers = {}) => {
      const client = new GraphQLClient(url);
      return expectOk(
        await client.request<{ _entities: unknown[] }>(
          `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
          { r: representations },
          headers,
        ),
      )._entities;
    };
    const { users, products, orders } = suite.system.subgraphUrls;
    const asBuyer = bearer(session.token);
    const cases = [
      {
        url: users,
        representations: [{ __typename: 'User', _id: session.userId }],
        selection: '... on User { _id username }',
        expected: [{ _id: session.userId, username: session.username }],
      },
      {
        url: products,
        representations: [
          { __typename: 'Product', _id: product._id },
          { __typename: 'Product', _id: '00000000-0000-4000-8000-000000000000' },
        ],
        selection: '... on Product { _id name price }',
        expected: [{ _id: product._id, name: 'Entity', price: 99 }, null],
      },
      {
        url: orders,
        representations: [{ __typename: 'Order', _id: order._id }],
        selection: '... on Order { _id userId status }',
        headers: asBuyer,
        expected: [{ _id: order._id, userId: session.userId, status: 'PENDING' }],
      },
      {
        url: orders,
        representations: [{ __typename: 'User', _id: session.userId }],
        selection: '... on User { orders { _id } }',
        headers: asBuyer,
        expected: [{ orders: [{ _id: order._id }] }],
      },
    ];
    for (const { url, representations, selection, headers, expected } of cases) {
      await expect(entities(url, representations, selection, headers)).resolves.toEqual(expected);
    }
  });

  it('shows a user only their own orders; the admin key sees all', async () => {
    const alice = await suite.shop.register();
    const mallory = await suite.shop.register();
    const product = await suite.shop.createProduct(5);
    const order = expectOk(await suite.shop.placeOrder(alice.token, [{ _id: product._id, quantity: 1 }]))
      .placeOrder;

    await expect(suite.shop.orderStatus(mallory.token, order._id)).resolves.toBeUndefined();
    const theirs = expectOk(
      await suite.system.gateway.request<{ orders: unknown[] }>(operation('Orders'), {}, bearer(mallory.token)),
    );
    expect(theirs.orders).toEqual([]);
    const admin = expectOk(
      await suite.system.gateway.request<{ order: { _id: string } }>(operation('Order'), { id: order._id }, ADMIN),
    );
    expect(admin.order._id).toBe(order._id);

    const cancel = await suite.system.gateway.request(
      'mutation ($id: ID!) { cancelOrder(id: $id) { _id } }',
      { id: order._id },
      bearer(mallory.token),
    );
    expect(GraphQLClient.code(cancel)).toBe('NOT_FOUND');
    await expect(suite.shop.orderStatus(alice.token, order._id)).resolves.toBe('PENDING');

    const peek = await suite.system.gateway.request(
      'query ($id: ID!) { user(id: $id) { orders { _id } } }',
      { id: alice.userId },
      bearer(mallory.token),
    );
    expect(GraphQLClient.code(peek)).toBe('FORBIDDEN');
  });

  it('logs in and answers me', async () => {
    const session = await suite.shop.register('grace_hopper');
    const login = expectOk(
      await suite.system.gateway.request<{ login: { access_token: string } }>(
        'mutation ($input: LoginInput) { login(input: $input) { access_token } }',
        { input: { username: 'grace_hopper', password: 'a good long password' } },
      ),
    );
    const me = expectOk(
      await suite.system.gateway.request<{ me: { _id: string } }>('{ me { _id username } }', {}, bearer(login.login.access_token)),
    );
    expect(me.me._id).toBe(session.userId);
    const wrong = await suite.system.gateway.request(
      'mutation ($input: LoginInput) { login(input: $input) { access_token } }',
      { input: { username: 'grace_hopper', password: 'not the password' } },
    );
    expect(GraphQLClient.code(wrong)).toBe('INVALID_CREDENTIALS');
  });
});
