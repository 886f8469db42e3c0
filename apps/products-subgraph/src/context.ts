import { correlationId } from '@commerce/service';
import DataLoader from 'dataloader';
import type { RequestAuth } from '@commerce/auth';
import type { EventContext } from '@commerce/events';
import type { CachedProduct } from '@commerce/product-cache';
import type { Catalog } from './catalog';

export type Context = {
  catalog: Catalog;
  auth: RequestAuth;
  /** Correlates the events this request causes with the request (x-request-id). */
  eventContext: EventContext;
  productById: DataLoader<string, CachedProduct | null>;
};

export function createContext(catalog: Catalog, auth: RequestAuth, requestId?: string): Context {
  return {
    catalog,
    auth,
    eventContext: { correlationId: correlationId(requestId) },
    productById: new DataLoader((ids) => catalog.byIds(ids)),
  };
}
