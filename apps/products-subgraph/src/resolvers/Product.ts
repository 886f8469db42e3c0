import type { ProductResolvers } from '../__generated__/resolvers-types';

export const Product: ProductResolvers = {
  __resolveReference: (reference, { productById }) => productById.load(reference._id),
  _id: (product) => product.id,
  price: (product) => product.priceCents,
};
