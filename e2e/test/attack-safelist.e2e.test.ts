/**
 * Attack suite: a gateway in safelist mode (PERSISTED_OPERATIONS=safelist) runs only the
 * operations of operations/manifest.json, sent as their exact text or by their sha256
 * hash. Everything else is refused with OPERATION_NOT_PERSISTED before it is parsed, so
 * not even validation errors describe the schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk, GraphQLClient, operation } from '@commerce/testing';
import { attackSuite, postJson, send } from '../src/attack';
import { REPO_ROOT } from '../src/config';
import { ADMIN } from '../src/shop';

type Manifest = { operations: { id: string; name: string; body: string }[] };
const manifest = JSON.parse(
  readFileSync(join(REPO_ROOT, 'operations', 'manifest.json'), 'utf8'),
) as Manifest;
const hashOf = (name: string) => manifest.operations.find((o) => o.name === name)!.id;
const persisted = (name: string) => ({ persistedQuery: { version: 1, sha256Hash: hashOf(name) } });

const suite = attackSuite('attack-safelist', { PERSISTED_OPERATIONS: 'safelist' });

const post = (body: unknown, headers: Record<string, string> = {}) =>
  postJson(suite.system.gatewayUrl, JSON.stringify(body), headers);

describe('operations of the manifest', () => {
  it('run when sent as their exact text', async () => {
    const session = await suite.shop.register();
    const product = await suite.shop.createProduct(5, 300, 'Safe');
    expectOk(await suite.shop.placeOrder(session.token, [{ _id: product._id, quantity: 1 }]));
  });

  it('run when sent by hash alone, over POST and over GET', async () => {
    const response = await post({ extensions: persisted('Products') });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const extensions = encodeURIComponent(JSON.stringify(persisted('Products')));
    const get = await send(`${suite.system.gatewayUrl}?extensions=${extensions}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(get.body.data).toEqual(response.body.data);
  });

  it('a mutation by hash with variables runs as well', async () => {
    const response = await post(
      {
        extensions: persisted('CreateProduct'),
        variables: { input: { name: 'By hash', price: 1, quantity: 1 } },
      },
      ADMIN,
    );
    expect(response.body.errors).toBeUndefined();
  });
});

describe('anything else is refused before parsing', () => {
  const refusedWith = async (attempt: () => ReturnType<typeof post>) => {
    const response = await suite.db.expectNothingChanged(attempt);
    expect(response.status).toBe(400);
    expect(GraphQLClient.code(response.body)).toBe('OPERATION_NOT_PERSISTED');
    expect(JSON.stringify(response.body)).not.toMatch(/Cannot query|Did you mean|__schema/);
  };

  it('an ad hoc query, an ad hoc mutation, introspection, an invalid document', async () => {
    await refusedWith(() => post({ query: '{ users { _id username } }' }));
    await refusedWith(() =>
      post({
        query:
          'mutation { login(input: { username: "victim", password: "guess" }) { access_token } }',
      }),
    );
    await refusedWith(() => post({ query: '{ __schema { types { name } } }' }));
    await refusedWith(() => post({ query: '{ secretField }' }));
    await refusedWith(() => post({ query: '{ products { _id ' }));
  });

  it("a manifest operation's text with one byte changed", async () => {
    await refusedWith(() => post({ query: operation('Products').trimEnd() }));
    await refusedWith(() =>
      post({ query: operation('Products').replace('name', 'name\n    quantity') }),
    );
  });

  it('an unknown hash, and a known hash sent with other text', async () => {
    await refusedWith(() =>
      post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
    );
    await refusedWith(() => post({ query: '{ users { _id } }', extensions: persisted('Users') }));
    await refusedWith(() => post({ extensions: { persistedQuery: { version: 1 } } }));
  });

  it('over GET as well', async () => {
    await refusedWith(() =>
      send(`${suite.system.gatewayUrl}?query=${encodeURIComponent('{ users { _id } }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      }),
    );
    const unknown = encodeURIComponent(
      JSON.stringify({ persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } }),
    );
    await refusedWith(() =>
      send(`${suite.system.gatewayUrl}?extensions=${unknown}`, {
        headers: { 'apollo-require-preflight': 'true' },
      }),
    );
  });

  it('batches are still refused as batches', async () => {
    const response = await suite.db.expectNothingChanged(() => post([{ query: operation('Products') }]));
    expect(response.status).toBe(400);
    expect(GraphQLClient.code(response.body)).toBe('BAD_REQUEST');
  });
});

describe('after all that', () => {
  it('a normal user still browses', async () => {
    expectOk(await suite.system.gateway.request(operation('Products')));
  });
});
