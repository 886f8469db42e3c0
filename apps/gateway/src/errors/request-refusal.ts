import { HeaderMap } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, type ASTNode } from 'graphql';

/**
 * A whole request refused with 400 and one of Apollo Server's own request codes (the
 * catalogue's `APOLLO_SERVER_CODES`), raised from a plugin hook the way Apollo raises them
 * itself. Thrown from `didResolveOperation`: Apollo answers with this status instead of
 * masking the error as a 500.
 */
export function requestRefusal(
  code: ApolloServerErrorCode.BAD_USER_INPUT | ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  message: string,
  options: { nodes?: readonly ASTNode[]; field?: string } = {},
): GraphQLError {
  return new GraphQLError(message, {
    ...(options.nodes ? { nodes: options.nodes } : {}),
    extensions: {
      code,
      ...(options.field ? { field: options.field } : {}),
      http: { status: 400, headers: new HeaderMap() },
    },
  });
}
