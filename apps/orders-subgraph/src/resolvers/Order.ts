import type { OrderResolvers } from '../__generated__/resolvers-types';

export const Order: OrderResolvers = {
  __resolveReference: (reference, { orderById }) => orderById.load(reference._id),
  _id: (order) => order.id,
  products: (order) => order.lines,
  createdAt: (order) => order.createdAt.toISOString(),
  total: (order) => order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
  user: (order) => ({ _id: order.userId }),
};
