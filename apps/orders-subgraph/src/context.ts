import { correlationId } from '@commerce/service';
import DataLoader from 'dataloader';
import type { RequestAuth } from '@commerce/auth';
import type { EventContext } from '@commerce/events';
import type { OrdersService, OrderWithLines, Viewer } from './orders';

export type Context = {
  orders: OrdersService;
  auth: RequestAuth;
  eventContext: EventContext;
  /** The caller as the orders domain sees them (OrdersService.viewerOf), once per request. */
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
  let viewer: Promise<Viewer> | undefined;
  const viewerOnce = () => (viewer ??= orders.viewerOf(auth));
  return {
    orders,
    auth,
    eventContext: { correlationId: correlationId(requestId) },
    viewer: viewerOnce,
    orderById: new DataLoader(async (ids) => orders.byIds(await viewerOnce(), ids)),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
}
