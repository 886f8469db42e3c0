import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');

export type GraphQLResponse<T = Record<string, unknown>> = {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
};

/** A minimal GraphQL-over-HTTP client, as a shop's frontend would call the gateway. */
export class GraphQLClient {
  constructor(
    readonly url: string,
    /** Gives up on a request after this long; default: never (the test's own timeout). */
    private readonly timeoutMs?: number,
  ) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      ...(this.timeoutMs ? { signal: AbortSignal.timeout(this.timeoutMs) } : {}),
    });
    const text = await response.text();
    let body: Omit<GraphQLResponse<T>, 'status'>;
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: text }] };
    }
    return { status: response.status, ...body };
  }

  /** The first error's code, or undefined. */
  static code(response: GraphQLResponse<unknown>): unknown {
    return response.errors?.[0]?.extensions?.['code'];
  }
}

/** The shop's client operations, read from operations/shop/ exactly as clients send them. */
export function operation(name: string): string {
  return readFileSync(join(REPO_ROOT, 'operations', 'shop', `${name}.graphql`), 'utf8');
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** The headers of an admin call (products-subgraph's API_SECRET). */
export const adminKey = (apiSecret: string) => ({ 'x-api-key': apiSecret });

export type Product = { _id: string; name: string; price: number; quantity: number };
export type Session = { token: string; userId: string; username: string };
export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';
export type PlacedOrder = {
  _id: string;
  userId: string;
  products: { _id: string; quantity: number }[];
};

/** Throws, with the response, when a call that must succeed does not. */
export function expectOk<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`expected success, got ${response.status}: ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** The common steps of a shop session, through the gateway (or a subgraph that serves them). */
export class Shop {
  constructor(
    readonly gateway: GraphQLClient,
    /** The admin headers (adminKey) createProduct sends. */
    private readonly admin: Record<string, string>,
  ) {}

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
        this.admin,
      ),
    );
    return data.createProduct;
  }

  placeOrder(token: string, lines: { _id: string; quantity: number }[]) {
    return this.gateway.request<{ placeOrder: PlacedOrder }>(
      operation('PlaceOrder'),
      { products: lines },
      bearer(token),
    );
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
