import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { Kind } from 'graphql';
import type { GatewayContext } from '../context';
import { requestRefusal } from './request-refusal';

/**
 * A document whose operation the request does not pick (several operations and no
 * `operationName`, or a name the document does not hold) is the client's mistake: 400
 * OPERATION_RESOLUTION_FAILURE. Apollo Server leaves that case to the executor, and
 * @apollo/gateway's executor throws a federation INVALID_GRAPHQL error for it, which no
 * client code covers: it would reach the client as a masked 500 and an error-level log line.
 */
export function refuseUnresolvedOperation(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          const operations = document.definitions.filter(
            (definition) => definition.kind === Kind.OPERATION_DEFINITION,
          ).length;
          throw requestRefusal(
            ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
            request.operationName
              ? 'the document holds no operation of the name in `operationName`'
              : operations > 1
                ? 'the document holds several operations: name one in `operationName`'
                : 'the document holds no operation',
          );
        },
      };
    },
  };
}
