import { toPage } from '@commerce/service';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  products: (_parent, args, { catalog }) => catalog.list(toPage(args)),
  product: (_parent, { id }, { catalog }) => catalog.byId(id),
};
