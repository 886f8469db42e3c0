import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

const ROOT = join(__dirname, '..', '..', '..');

/** The supergraph's existing subgraphs, read from their committed schema files. */
export const EXISTING_SUBGRAPHS = ['users', 'products', 'orders'].map((name) => ({
  name,
  url: `http://127.0.0.1/${name}`,
  typeDefs: parse(readFileSync(join(ROOT, 'apps', `${name}-subgraph`, 'schema.graphql'), 'utf8')),
}));

/** Composes a generated SDL with the existing subgraphs (as apps/gateway/tools/compose.ts does). */
export function composeWithSupergraph(sdl: string): { errors: string[]; supergraphSdl?: string } {
  const result = composeServices([
    ...EXISTING_SUBGRAPHS,
    { name: 'rest', url: 'http://127.0.0.1/rest', typeDefs: parse(sdl) },
  ]);
  if (result.errors)
    return {
      errors: result.errors.map((e) => `${String(e.extensions?.['code'] ?? '')}: ${e.message}`),
    };
  return { errors: [], supergraphSdl: result.supergraphSdl };
}
