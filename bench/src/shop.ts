import { adminKey, expectOk, GraphQLClient, Shop, type Session } from '@commerce/testing';
import { Pool } from 'pg';
import { mapConcurrently } from './graphql';
import { DATABASES, PORTS, SECRETS, url } from './settings';

export type Buyer = Session;

/** The order the load sends (S2, profiles), through the gateway. */
export const PLACE_ORDER = `mutation PlaceOrder($products: [OrderProductInput]) {
  placeOrder(products: $products) { _id status }
}`;

/** A set-up or check call that takes longer than this has hung. */
const CALL_TIMEOUT_MS = 30_000;
const admin = adminKey(SECRETS.API_SECRET);
/** The shop through the bench's gateway, for setting up and checking (not for timing). */
const shop = new Shop(new GraphQLClient(url(PORTS.gateway), CALL_TIMEOUT_MS), admin);
/**
 * Registration at the users subgraph itself: registration (argon2id) is set-up, not what
 * is measured, and the gateway's registration rate limit would refuse 200 of them.
 */
const users = new Shop(new GraphQLClient(url(PORTS.users), CALL_TIMEOUT_MS), admin);

export function registerBuyers(prefix: string, count: number): Promise<Buyer[]> {
  return mapConcurrently(
    Array.from({ length: count }, (_, i) => `${prefix}-${i}`),
    4,
    (username) => users.register(username),
  );
}

/** A product with the admin key; its id. */
export async function createProduct(
  name: string,
  price: number,
  quantity: number,
): Promise<string> {
  return (await shop.createProduct(quantity, price, name))._id;
}

/** An order of the buyer's; its id. */
export async function placeOrder(
  buyer: Buyer,
  lines: { _id: string; quantity: number }[],
): Promise<string> {
  return expectOk(await shop.placeOrder(buyer.token, lines)).placeOrder._id;
}

/** Direct connections to the bench databases, for seeding and for checking outcomes. */
export class Databases {
  readonly orders = new Pool({ connectionString: DATABASES.orders, max: 2 });
  readonly products = new Pool({ connectionString: DATABASES.products, max: 2 });

  async stock(productId: string): Promise<number> {
    const { rows } = await this.products.query<{ quantity: number }>(
      'SELECT quantity FROM products WHERE id = $1',
      [productId],
    );
    if (!rows[0]) throw new Error(`product ${productId} not found`);
    return rows[0].quantity;
  }

  /** Waits until no order with a line on `productId` is PENDING; returns how many still are. */
  async settle(productId: string, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.orders.query<{ pending: string }>(
        `SELECT count(*) AS pending FROM orders o
          WHERE o.status = 'PENDING'
            AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.product_id = $1)`,
        [productId],
      );
      const pending = Number(rows[0]?.pending ?? 0);
      if (pending === 0 || Date.now() > deadline) return pending;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Waits until the orders outbox has no unsent row (every event is in Kafka). */
  async outboxDrained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.orders.query<{ unsent: string }>(
        'SELECT count(*) AS unsent FROM outbox_events WHERE sent_at IS NULL',
      );
      if (Number(rows[0]?.unsent) === 0) return;
      if (Date.now() > deadline) throw new Error(`orders outbox not drained after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** When the worker's first reservation transaction touching `productId` began (epoch ms). */
  async firstReservationAt(productId: string): Promise<number> {
    const { rows } = await this.products.query<{ first: number | null }>(
      `SELECT (extract(epoch FROM min(r.created_at)) * 1000)::float8 AS first
         FROM reservations r JOIN reservation_lines l ON l.order_id = r.order_id
        WHERE l.product_id = $1`,
      [productId],
    );
    if (rows[0]?.first == null) throw new Error(`no reservation for product ${productId}`);
    return Number(rows[0].first);
  }

  async end(): Promise<void> {
    await Promise.all([this.orders.end(), this.products.end()]);
  }
}
