import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { GraphQLClient, type GraphQLResponse } from './graphql-client';
import { REPO_ROOT } from './child-process';
import { TEST_SECRETS } from './config';

/** The shop's client operations, read from operations/shop/ exactly as clients send them. */
export function operation(name: string): string {
  return readFileSync(join(REPO_ROOT, 'operations', 'shop', `${name}.graphql`), 'utf8');
}

export const ADMIN = { 'x-api-key': TEST_SECRETS.API_SECRET };
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export type Product = { _id: string; name: string; price: number; quantity: number };
export type Session = { token: string; userId: string; username: string };
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';

/** Fails the test with the response when a call that must succeed does not. */
export function expectOk<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`expected success, got ${response.status}: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** The common steps of a shop session, through the gateway. */
export class Shop {
  constructor(readonly gateway: GraphQLClient) {}

  async register(username = `user_${randomBytes(5).toString('hex')}`): Promise<Session> {
    const data = expectOk(
      await this.gateway.request<{
        registerUser: { access_token: string; user: { _id: string; username: string } };
      }>(operation('RegisterUser'), { input: { username, password: 'a good long password' } }),
    );
    return {
      token: data.registerUser.access_token,
      userId: data.registerUser.user._id,
      username: data.registerUser.user.username,
    };
  }

  async createProduct(quantity: number, price = 1_000, name = 'Widget'): Promise<Product> {
    const data = expectOk(
      await this.gateway.request<{ createProduct: Product }>(
        operation('CreateProduct'),
        { input: { name, price, quantity } },
        ADMIN,
      ),
    );
    return data.createProduct;
  }

  placeOrder(token: string, lines: { _id: string; quantity: number }[]) {
    return this.gateway.request<{
      placeOrder: { _id: string; userId: string; products: { _id: string; quantity: number }[] };
    }>(operation('PlaceOrder'), { products: lines }, bearer(token));
  }

  async orderStatus(token: string, id: string): Promise<OrderStatus | undefined> {
    const response = await this.gateway.request<{ order: { status: OrderStatus } | null }>(
      'query ($id: ID!) { order(id: $id) { status } }',
      { id },
      bearer(token),
    );
    return expectOk(response).order?.status;
  }

  async product(id: string): Promise<Product | null> {
    const data = expectOk(
      await this.gateway.request<{ product: Product | null }>(operation('Product'), { id }),
    );
    return data.product;
  }
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
