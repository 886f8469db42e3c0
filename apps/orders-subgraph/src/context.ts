import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { RequestAuth } from '@commerce/auth';
import type { EventContext } from '@commerce/events';
import { ErrorCode, apiError } from '@commerce/service';
import type { OrdersService, OrderWithLines, Viewer } from './orders';

export type Context = {
  orders: OrdersService;
  auth: RequestAuth;
  eventContext: EventContext;
  /** The caller as the orders domain sees them; UNAUTHENTICATED without token or key. */
  viewer: () => Promise<Viewer>;
  orderById: DataLoader<string, OrderWithLines | null>;
  /** The `Idempotency-Key` header of a placeOrder, unchecked (orders.ts checks it). */
  idempotencyKey?: string;
};

export function createContext(
  orders: OrdersService,
  auth: RequestAuth,
  requestId?: string,
  idempotencyKey?: string,
): Context {
  const viewer = async (): Promise<Viewer> => {
    if (auth.isAdmin) return { admin: true };
    const claims = await auth.viewer();
    if (!claims) {
      throw apiError(ErrorCode.UNAUTHENTICATED, 'orders need "Authorization: Bearer <token>"');
    }
    return { userId: claims.userId };
  };
  return {
    orders,
    auth,
    eventContext: { correlationId: requestId || randomUUID() },
    viewer,
    orderById: new DataLoader(async (ids) => orders.byIds(await viewer(), ids)),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
}
