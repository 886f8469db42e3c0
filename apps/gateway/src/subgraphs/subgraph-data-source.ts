import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { FORWARDED_HEADERS, type GatewayContext } from '../context';

/** Calls one subgraph, forwarding the caller's credentials and the request id. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!request.http || !context?.headers) return;
    for (const name of FORWARDED_HEADERS) {
      const value = context.headers[name];
      if (value) request.http.headers.set(name, value);
    }
    if (context.requestId) request.http.headers.set('x-request-id', context.requestId);
  }
}
