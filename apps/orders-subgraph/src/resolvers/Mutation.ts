import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  placeOrder: async (_parent, { products }, { auth, orders, eventContext, idempotencyKey }) => {
    const { userId } = await auth.requireViewer();
    return orders.place(userId, products, eventContext, idempotencyKey);
  },
  cancelOrder: async (_parent, { id }, { auth, orders, eventContext }) => {
    const { userId } = await auth.requireViewer();
    return orders.cancel(userId, id, eventContext);
  },
};
