import { join } from 'node:path';
import { z } from 'zod';
import { env } from '@commerce/service';

const REPO_ROOT = join(__dirname, '..', '..', '..');

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const gatewayConfigSchema = z.object({
  ...env.service(4000, 9400),
  SUPERGRAPH_PATH: z.string().min(1).default(join(REPO_ROOT, 'supergraph.graphql')),
  /** Overrides of the routing URLs in the supergraph (e.g. service names in Docker). */
  USERS_SUBGRAPH_URL: z.url().optional(),
  PRODUCTS_SUBGRAPH_URL: z.url().optional(),
  ORDERS_SUBGRAPH_URL: z.url().optional(),
  REST_SUBGRAPH_URL: z.url().optional(),
  /** Largest accepted request body, bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(100_000),

  /** Operation limits, checked before anything executes (see SECURITY.md). */
  MAX_TOKENS: limit(1_000),
  MAX_DEPTH: limit(10),
  MAX_ALIASES: limit(15),
  MAX_DIRECTIVES: limit(20),
  MAX_ROOT_FIELDS: limit(10),
  /** Estimated objects an operation may resolve, list sizes included (operation-cost.ts). */
  MAX_COST: limit(20_000),
  /** Nesting of objects and arrays in a request's `variables` and `extensions`. */
  MAX_VARIABLES_DEPTH: limit(10),

  /**
   * Rate limits of login and registerUser: counters shared by every gateway instance. Also
   * the response cache, which must live in the product cache's Redis (products-subgraph's
   * and the worker's REDIS_URL and REDIS_KEY_PREFIX): it reads the catalogue's generation.
   */
  REDIS_URL: env.redisUrl(),
  REDIS_KEY_PREFIX: env.redisKeyPrefix(),
  /** Whole responses of public product reads, cached at the gateway (response-cache.ts). */
  RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
  /** Keeps the counters of systems sharing one Redis apart (tests, staging next to prod). */
  RATE_LIMIT_PREFIX: z.string().default('gateway:rate-limit:'),
  RATE_LIMIT_WINDOW_SECONDS: limit(900),
  LOGIN_LIMIT_PER_USERNAME: limit(10),
  LOGIN_LIMIT_PER_ADDRESS: limit(100),
  REGISTER_LIMIT_PER_USERNAME: limit(10),
  REGISTER_LIMIT_PER_ADDRESS: limit(50),
  /** With Redis down, `closed` refuses login and registerUser; `open` lets them through. */
  RATE_LIMIT_WHEN_UNAVAILABLE: z.enum(['closed', 'open']).default('closed'),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For entries are trusted: 0 uses the
   * TCP peer address; 1 the address the nearest proxy saw, and so on.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),

  /** `safelist`: accept only the operations of the persisted operations manifest. */
  PERSISTED_OPERATIONS: z.enum(['off', 'safelist']).default('off'),
  PERSISTED_OPERATIONS_MANIFEST: z
    .string()
    .min(1)
    .default(join(REPO_ROOT, 'operations', 'manifest.json')),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function subgraphUrlOverrides(config: GatewayConfig): Record<string, string> {
  const overrides: Record<string, string> = {};
  if (config.USERS_SUBGRAPH_URL) overrides['users'] = config.USERS_SUBGRAPH_URL;
  if (config.PRODUCTS_SUBGRAPH_URL) overrides['products'] = config.PRODUCTS_SUBGRAPH_URL;
  if (config.ORDERS_SUBGRAPH_URL) overrides['orders'] = config.ORDERS_SUBGRAPH_URL;
  if (config.REST_SUBGRAPH_URL) overrides['rest'] = config.REST_SUBGRAPH_URL;
  return overrides;
}
