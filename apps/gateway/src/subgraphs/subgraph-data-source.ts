import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './context';

/**
 * The only client headers a subgraph needs. Everything else stays at the gateway.
 * `idempotency-key` makes a retried placeOrder return the order the first attempt placed.
 */
export const FORWARDED_HEADERS = ['authorization', 'x-api-key', 'idempotency-key'] as const;
export type ForwardedHeader = (typeof FORWARDED_HEADERS)[number];

/** Calls one subgraph, forwarding the caller's credentials and the request id. */
export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!request.http || !context?.headers) return;
    for (const name of FORWARDED_HEADERS) {
      const value = context.headers[name];
      if (value) request.http.headers.set(name, value);
    }
    if (context.requestId) request.http.headers.set('x-request-id', context.requestId);
  }
}
