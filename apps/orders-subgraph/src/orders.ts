import { randomUUID } from 'node:crypto';
import type { RequestAuth } from '@commerce/auth';
import { createEvent, type EventContext } from '@commerce/events';
import { ErrorCode, apiError, isUuid, type Page } from '@commerce/service';
import { IdempotencyKeyClaimed, checkIdempotencyKey, keyReused, requestHash } from './idempotency';
import { checkTotal, normalizeLines, type RequestedLine } from './order-lines';
import type { IdempotencyClaim, OrderStore, OrderWithLines, PricedLine } from './order-store';
import type { ProductPrices } from './product-prices';

export type { OrderWithLines } from './order-store';

/** Who is asking: a user (by token) or an admin (by key), who sees every order. */
export type Viewer = { userId: string } | { admin: true };

const SOURCE = 'orders-subgraph';

/**
 * Orders: who may place, cancel and see which order, and what placing and cancelling
 * write (the order with its event, in one statement or transaction: order-store.ts); the
 * inventory saga moves an order on from PENDING.
 */
export class OrdersService {
  constructor(
    private readonly store: OrderStore,
    private readonly prices: ProductPrices,
  ) {}

  /**
   * The caller as the orders domain sees them: the admin key sees every order, a token
   * its user's own; neither is UNAUTHENTICATED.
   */
  async viewerOf(auth: RequestAuth): Promise<Viewer> {
    if (auth.isAdmin) return { admin: true };
    const claims = await auth.viewer();
    if (!claims) {
      throw apiError(ErrorCode.UNAUTHENTICATED, 'orders need "Authorization: Bearer <token>"');
    }
    return { userId: claims.userId };
  }

  /**
   * Places an order for the token's user. With an idempotency key, a retry returns the
   * order the first attempt placed. The key row is written by the placing statement
   * itself; a concurrent attempt with the same key blocks on its primary key until the
   * first commits, then skips the insert (and so the order) and returns the winner's order
   * (or IDEMPOTENCY_KEY_REUSED if its lines differ).
   */
  async place(
    auth: RequestAuth,
    rawLines: Parameters<typeof normalizeLines>[0],
    context: EventContext,
    idempotencyKey?: string,
  ): Promise<OrderWithLines> {
    const { userId } = await auth.requireViewer();
    const lines = normalizeLines(rawLines);
    if (idempotencyKey === undefined) {
      return this.create(userId, await this.priceLines(lines), context);
    }
    const key = { key: checkIdempotencyKey(idempotencyKey), requestHash: requestHash(lines) };
    const earlier = await this.replay(userId, key);
    if (earlier) return earlier;
    const priced = await this.priceLines(lines);
    try {
      return await this.create(userId, priced, context, key);
    } catch (error) {
      if (!(error instanceof IdempotencyKeyClaimed)) throw error;
      const winner = await this.replay(userId, key);
      if (!winner) throw error;
      return winner;
    }
  }

  private async replay(
    userId: string,
    { key, requestHash: hash }: IdempotencyClaim,
  ): Promise<OrderWithLines | undefined> {
    const claimed = await this.store.idempotencyKey(userId, key);
    if (!claimed) return undefined;
    if (claimed.requestHash !== hash) keyReused();
    return (await this.store.withLines(claimed.orderId)) ?? undefined;
  }

  private async create(
    userId: string,
    priced: PricedLine[],
    context: EventContext,
    idempotency?: IdempotencyClaim,
  ): Promise<OrderWithLines> {
    const id = randomUUID();
    const event = createEvent('OrderPlaced', {
      source: SOURCE,
      subject: id,
      data: { orderId: id, userId, lines: priced },
      context: { ...context, userId },
    });
    const placed = await this.store.insertPlaced({ id, userId, lines: priced, event, idempotency });
    if (!placed) throw new IdempotencyKeyClaimed();
    // The lines are known: return them without a read-back.
    return {
      id,
      userId,
      status: 'PENDING',
      cancelReason: null,
      ...placed,
      lines: [...priced]
        .sort((a, b) => a.productId.localeCompare(b.productId))
        .map((line) => ({ orderId: id, ...line })),
    };
  }

  /** Cancels one of the token user's orders, if the lifecycle still allows it. */
  async cancel(auth: RequestAuth, rawId: string, context: EventContext): Promise<OrderWithLines> {
    const { userId } = await auth.requireViewer();
    if (!isUuid(rawId)) throw orderNotFound(rawId);
    // The event's key must be the order id as OrderPlaced had it, or it lands elsewhere.
    const orderId = rawId.toLowerCase();
    const event = createEvent('OrderCancelled', {
      source: SOURCE,
      subject: orderId,
      data: { orderId, userId, reason: 'CUSTOMER' },
      context: { ...context, userId },
    });
    const { order, cancelled } = await this.store.cancel(orderId, userId, event);
    if (!order) throw orderNotFound(rawId);
    if (!cancelled) {
      throw apiError(
        ErrorCode.ORDER_NOT_CANCELLABLE,
        `order is ${order.status} and cannot be cancelled`,
        { field: 'id' },
      );
    }
    return order;
  }

  /** One query for many ids (entity resolution), in the order asked; null where not visible. */
  async byIds(viewer: Viewer, ids: readonly string[]): Promise<(OrderWithLines | null)[]> {
    const valid = ids.filter(isUuid);
    const orders = valid.length ? await this.store.byIds(valid, userIdOf(viewer)) : [];
    const byId = new Map(orders.map((order) => [order.id, order]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Newest first: a user's own orders, or every order for an admin. */
  list(viewer: Viewer, page: Page): Promise<OrderWithLines[]> {
    return this.listOf(page, userIdOf(viewer));
  }

  /** One user's orders (`User.orders`): theirs to see, or an admin's; FORBIDDEN otherwise. */
  listOfUser(viewer: Viewer, userId: string, page: Page): Promise<OrderWithLines[]> {
    if ('userId' in viewer && viewer.userId !== userId) {
      throw apiError(ErrorCode.FORBIDDEN, 'you may only see your own orders');
    }
    return this.listOf(page, userId);
  }

  private async listOf(page: Page, userId: string | undefined): Promise<OrderWithLines[]> {
    if (page.after !== undefined && !isUuid(page.after)) return [];
    return this.store.list(page, userId);
  }

  /** The lines at today's prices, refused before anything is written if they total too much. */
  private async priceLines(lines: RequestedLine[]): Promise<PricedLine[]> {
    const prices = await this.prices.lookup(lines.map((line) => line.productId));
    const priced = lines.map((line) => {
      const unitPriceCents = prices.get(line.productId);
      if (unitPriceCents === undefined) {
        throw apiError(ErrorCode.UNKNOWN_PRODUCT, `unknown product ${line.productId}`, {
          field: 'products',
          details: { productId: line.productId },
        });
      }
      return { ...line, unitPriceCents };
    });
    checkTotal(priced);
    return priced;
  }
}

function userIdOf(viewer: Viewer): string | undefined {
  return 'userId' in viewer ? viewer.userId : undefined;
}

function orderNotFound(id: string) {
  return apiError(ErrorCode.NOT_FOUND, `no order ${id.slice(0, 64)} of yours`, { field: 'id' });
}
