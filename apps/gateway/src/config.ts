import { join } from 'node:path';
import { z } from 'zod';
import { env } from '@commerce/service';

const REPO_ROOT = join(__dirname, '..', '..', '..');

export const gatewayConfigSchema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: env.host(),
  PORT: env.port(4000),
  SUPERGRAPH_PATH: z.string().min(1).default(join(REPO_ROOT, 'supergraph.graphql')),
  /** Overrides of the routing URLs in the supergraph (e.g. service names in Docker). */
  USERS_SUBGRAPH_URL: z.url().optional(),
  PRODUCTS_SUBGRAPH_URL: z.url().optional(),
  ORDERS_SUBGRAPH_URL: z.url().optional(),
  /** Largest accepted request body, bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(100_000),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function subgraphUrlOverrides(config: GatewayConfig): Record<string, string> {
  const overrides: Record<string, string> = {};
  if (config.USERS_SUBGRAPH_URL) overrides['users'] = config.USERS_SUBGRAPH_URL;
  if (config.PRODUCTS_SUBGRAPH_URL) overrides['products'] = config.PRODUCTS_SUBGRAPH_URL;
  if (config.ORDERS_SUBGRAPH_URL) overrides['orders'] = config.ORDERS_SUBGRAPH_URL;
  return overrides;
}
