import DataLoader from 'dataloader';
import type { User } from '@commerce/db/users';
import type { RequestAuth } from '@commerce/auth';
import type { UsersService } from './users';

export type Context = {
  users: UsersService;
  auth: RequestAuth;
  /** Per-request batching: all `User` references of one gateway fetch in one query. */
  userById: DataLoader<string, User | null>;
};

export function createContext(users: UsersService, auth: RequestAuth): Context {
  return { users, auth, userById: new DataLoader((ids) => users.byIds(ids)) };
}
