import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent, fetch } from 'undici';

type Fetcher = NonNullable<RemoteGraphQLDataSource['fetcher']>;

/**
 * How the gateway talks to subgraphs: undici's fetch over one keep-alive connection pool
 * per origin. Apollo's default (make-fetch-happen on node-fetch) brings an HTTP cache layer
 * and stream plumbing the gateway never needs, and costs far more CPU per subgraph call.
 */
export function createSubgraphFetcher(): { fetcher: Fetcher; close: () => Promise<void> } {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: 128,
  });
  const fetcher = ((url: string, init?: Parameters<Fetcher>[1]) =>
    fetch(url, { ...(init as object), dispatcher: agent })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}
