import { toPage } from '@commerce/service';
import type { UserResolvers } from '../__generated__/resolvers-types';

/** orders contributes `User.orders`; a user sees only their own, an admin anyone's. */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ _id: reference._id }),
  orders: async (user, args, { orders, viewer }) =>
    orders.listOfUser(await viewer(), user._id, toPage(args)),
};
