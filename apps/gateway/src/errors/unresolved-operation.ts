import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, Kind, type ValidationRule } from 'graphql';
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

/**
 * An operation type the schema has no root for (`subscription { ... }`: the gateway serves
 * none) is a validation error, as graphql-js 17 makes it (`KnownOperationTypesRule`);
 * graphql-js 16 leaves it to the executor, which @apollo/gateway fails with a 500.
 */
export const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (context.getSchema().getRootType(operation.operation)) return;
    context.reportError(
      new GraphQLError(`The ${operation.operation} operation is not supported by the schema.`, {
        nodes: operation,
      }),
    );
  },
});
