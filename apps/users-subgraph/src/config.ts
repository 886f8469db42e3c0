import { z } from 'zod';
import { TOKEN_LIMITS } from '@commerce/auth';
import { env } from '@commerce/service';

export const usersConfigSchema = z.object({
  ...env.service(4001, 9401),
  USERS_DATABASE_URL: env.postgresUrl('postgresql://postgres@127.0.0.1:5432/commerce_users'),
  ...env.jwt(),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .max(TOKEN_LIMITS.maxLifetimeSeconds)
    .default(3600),
});

export type UsersConfig = z.infer<typeof usersConfigSchema>;
