import { ErrorCode, apiError, toPage } from '@commerce/service';
import type { UserResolvers } from '../__generated__/resolvers-types';

/** orders contributes `User.orders`; a user sees only their own, an admin anyone's. */
export const User: UserResolvers = {
  __resolveReference: (reference) => ({ _id: reference._id }),
  orders: async (user, args, { orders, viewer }) => {
    const who = await viewer();
    if ('userId' in who && who.userId !== user._id) {
      throw apiError(ErrorCode.FORBIDDEN, "you may only see your own orders");
    }
    return orders.list(toPage(args), user._id);
  },
};
