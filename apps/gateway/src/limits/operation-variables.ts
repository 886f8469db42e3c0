import type { GraphQLRequest } from '@apollo/server';
import {
  getVariableValues,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * The operation's variables as execution will see them: only the declared ones, each
 * coerced to its type, with the declaration's default where the request sends none.
 * Anything that reads arguments ahead of execution (rate limits, the response cache's key)
 * reads these, never `request.variables`: the raw map misses defaults
 * (`mutation ($in: LoginInput = {...})` sends no variables at all) and holds whatever
 * undeclared keys a client adds.
 */
export type CoercedVariables =
  { ok: true; values: Record<string, unknown> } | { ok: false; errors: readonly GraphQLError[] };

const coerced = new WeakMap<GraphQLRequest, CoercedVariables>();

/** Coerced once per request, by graphql-js's own `getVariableValues` (what execution runs). */
export function coercedVariables(context: {
  request: GraphQLRequest;
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
}): CoercedVariables {
  const known = coerced.get(context.request);
  if (known) return known;
  const result = getVariableValues(
    context.schema,
    context.operation.variableDefinitions ?? [],
    context.request.variables ?? {},
  );
  const variables: CoercedVariables = result.errors
    ? { ok: false, errors: result.errors }
    : { ok: true, values: result.coerced };
  coerced.set(context.request, variables);
  return variables;
}
