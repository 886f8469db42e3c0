import type { OrderProductResolvers } from '../__generated__/resolvers-types';

export const OrderProduct: OrderProductResolvers = {
  _id: (line) => line.productId,
  unitPrice: (line) => line.unitPriceCents,
  product: (line) => ({ _id: line.productId }),
};
