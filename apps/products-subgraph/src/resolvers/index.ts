import type { Resolvers } from '../__generated__/resolvers-types';
import { Mutation } from './Mutation';
import { Product } from './Product';
import { Query } from './Query';

export const resolvers: Resolvers = { Query, Mutation, Product };
