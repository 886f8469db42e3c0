import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  createProduct: (_parent, { input }, { auth, catalog, eventContext }) =>
    catalog.create(auth, input, eventContext),
  updateProduct: (_parent, { id, input }, { auth, catalog, eventContext }) =>
    catalog.update(auth, id, input, eventContext),
  restockProduct: (_parent, { id, quantity }, { auth, catalog, eventContext }) =>
    catalog.restock(auth, id, quantity, eventContext),
};
