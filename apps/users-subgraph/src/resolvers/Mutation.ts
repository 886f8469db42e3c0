import type { MutationResolvers } from '../__generated__/resolvers-types';
import { requireInput } from '@commerce/service';

export const Mutation: MutationResolvers = {
  registerUser: async (_parent, { input }, { users }) => {
    const session = await users.register(requireInput(input));
    return { access_token: session.accessToken, user: session.user };
  },
  login: async (_parent, { input }, { users }) => {
    const session = await users.login(requireInput(input));
    return { access_token: session.accessToken, user: session.user };
  },
};
