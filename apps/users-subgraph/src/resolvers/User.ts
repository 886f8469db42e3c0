import type { UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  __resolveReference: (reference, { userById }) => userById.load(reference._id),
  _id: (user) => user.id,
  createdAt: (user) => user.createdAt.toISOString(),
};
