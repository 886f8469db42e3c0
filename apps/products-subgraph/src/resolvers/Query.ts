import { cacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import { toPage } from '@commerce/service';
import type { Catalog } from '../catalog';
import type { QueryResolvers } from '../__generated__/resolvers-types';

/**
 * Catalogue reads are the same for every caller: the response says so (Cache-Control:
 * public), for as long as the product cache keeps an entry. The gateway caches such
 * responses whole; an invalidation reaches its entries through the catalogue generation.
 */
function cachePublicly(info: GraphQLResolveInfo, catalog: Catalog): void {
  cacheControlFromInfo(info).setCacheHint({ maxAge: catalog.cacheSeconds, scope: 'PUBLIC' });
}

export const Query: QueryResolvers = {
  products: (_parent, args, { catalog }, info) => {
    cachePublicly(info, catalog);
    return catalog.list(toPage(args));
  },
  product: (_parent, { id }, { catalog }, info) => {
    cachePublicly(info, catalog);
    return catalog.byId(id);
  },
};
