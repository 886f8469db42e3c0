import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  placeOrder: (_parent, { products }, { auth, orders, eventContext, idempotencyKey }) =>
    orders.place(auth, products, eventContext, idempotencyKey),
  cancelOrder: (_parent, { id }, { auth, orders, eventContext }) =>
    orders.cancel(auth, id, eventContext),
};
