import type { OrderResolvers } from '../__generated__/resolvers-types';
import { orderTotal } from '../order-lines';

export const Order: OrderResolvers = {
  __resolveReference: (reference, { orderById }) => orderById.load(reference._id),
  _id: (order) => order.id,
  products: (order) => order.lines,
  cancelReason: (order) => order.cancelReason,
  createdAt: (order) => order.createdAt.toISOString(),
  total: (order) => orderTotal(order.lines),
  user: (order) => ({ _id: order.userId }),
};
