import { toPage } from '@commerce/service';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  orders: async (_parent, args, { orders, viewer }) => {
    const who = await viewer();
    return orders.list(toPage(args), 'userId' in who ? who.userId : undefined);
  },
  order: (_parent, { id }, { orderById }) => orderById.load(id),
};
