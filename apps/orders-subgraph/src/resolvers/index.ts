import type { Resolvers } from '../__generated__/resolvers-types';
import { Mutation } from './Mutation';
import { Order } from './Order';
import { OrderProduct } from './OrderProduct';
import { Query } from './Query';
import { User } from './User';

export const resolvers: Resolvers = { Query, Mutation, Order, OrderProduct, User };
