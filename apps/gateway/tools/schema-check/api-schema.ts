import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/**
 * The schema clients see through the gateway: the supergraph without its join__/link
 * machinery and @inaccessible elements. Breaking changes and client operations are
 * judged against this, never against the raw supergraph SDL.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}
