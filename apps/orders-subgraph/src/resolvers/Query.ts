import { toPage } from '@commerce/service';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  orders: async (_parent, args, { orders, viewer }) => orders.list(await viewer(), toPage(args)),
  order: (_parent, { id }, { orderById }) => orderById.load(id),
};
