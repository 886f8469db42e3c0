import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import type { GatewayContext } from '../context';

/**
 * What clients are told: `Cache-Control: no-store`, always. The subgraphs' hints
 * (`max-age=30, public` on catalogue reads) feed the gateway's own response cache, which
 * every product write invalidates through the catalogue generation; a browser or CDN
 * keeping an answer for 30 s would not be invalidated and would show stock that is gone.
 * Apollo's cache-control plugin still computes each request's policy (the response cache
 * reads it); it only no longer writes the header.
 */
export function noStoreForClients(): ApolloServerPlugin<GatewayContext>[] {
  return [
    ApolloServerPluginCacheControl({ calculateHttpHeaders: false }),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}
