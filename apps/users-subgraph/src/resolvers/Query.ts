import { toPage } from '@commerce/service';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  users: (_parent, args, { users }) => users.list(toPage(args)),
  user: (_parent, { id }, { userById }) => userById.load(id),
  me: async (_parent, _args, { auth, userById }) => {
    const viewer = await auth.requireViewer();
    return userById.load(viewer.userId);
  },
};
