import { requireInput } from '@commerce/service';
import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  createProduct: (_parent, { input }, { auth, catalog, eventContext }) => {
    auth.requireAdmin();
    return catalog.create(requireInput(input), eventContext);
  },
  updateProduct: (_parent, { id, input }, { auth, catalog, eventContext }) => {
    auth.requireAdmin();
    return catalog.update(id, input, eventContext);
  },
  restockProduct: (_parent, { id, quantity }, { auth, catalog, eventContext }) => {
    auth.requireAdmin();
    return catalog.restock(id, quantity, eventContext);
  },
};
