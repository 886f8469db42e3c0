import type { UsersPrismaClient, User } from '@commerce/db/users';
import { decoyPasswordHash, hashPassword, verifyPassword, type TokenService } from '@commerce/auth';
import { ErrorCode, apiError, isUuid, type Page } from '@commerce/service';
import { checkPassword, normalizeUsername, possibleUsername } from './credentials';

export type Credentials = { username: string; password: string };
export type Session = { accessToken: string; user: User };

/** Accounts and sessions: the users subgraph's domain logic (resolvers stay thin). */
export class UsersService {
  constructor(
    private readonly db: UsersPrismaClient,
    private readonly tokens: TokenService,
  ) {}

  async register(input: Credentials): Promise<Session> {
    const username = normalizeUsername(input.username);
    checkPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await this.db.user.create({ data: { username, passwordHash } });
      return { accessToken: await this.sign(user), user };
    } catch (error) {
      // The unique index decides concurrent registrations of one name: exactly one wins.
      if ((error as { code?: string }).code === 'P2002') {
        throw apiError(ErrorCode.USERNAME_TAKEN, 'username is already taken', {
          field: 'username',
        });
      }
      throw error;
    }
  }

  async login(input: Credentials): Promise<Session> {
    const username = possibleUsername(input.username);
    const user = username === undefined ? null : await this.db.user.findUnique({ where: { username } });
    // Verify against a decoy hash for unknown names so both failures take the same time.
    const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
    if (!user || !valid) {
      throw apiError(ErrorCode.INVALID_CREDENTIALS, 'wrong username or password');
    }
    return { accessToken: await this.sign(user), user };
  }

  /** One query for many ids (entity resolution), in the order asked, null where absent. */
  async byIds(ids: readonly string[]): Promise<(User | null)[]> {
    const valid = ids.filter(isUuid);
    const users = valid.length ? await this.db.user.findMany({ where: { id: { in: valid } } }) : [];
    const byId = new Map(users.map((user) => [user.id, user]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list(page: Page): Promise<User[]> {
    if (page.after !== undefined && !isUuid(page.after)) return [];
    return this.db.user.findMany({
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: page.take,
      ...(page.after ? { cursor: { id: page.after }, skip: 1 } : {}),
    });
  }

  private sign(user: User): Promise<string> {
    return this.tokens.sign({ userId: user.id, username: user.username });
  }
}
