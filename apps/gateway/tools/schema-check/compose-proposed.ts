import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  compose,
  readSupergraphConfig,
  type CompositionOutcome,
  type SubgraphSource,
} from '../compose';

/** A subgraph schema proposed in place of the one supergraph.yaml points at. */
export type ProposedSchema = { subgraph: string; file: string };

/**
 * supergraph.yaml's subgraphs as they would be after the proposal: the working tree's
 * schema files, with `proposed` (if any) substituted for its subgraph.
 */
export function proposedSubgraphs(configPath: string, proposed?: ProposedSchema): SubgraphSource[] {
  const subgraphs = readSupergraphConfig(configPath);
  if (!proposed) return subgraphs;
  if (!subgraphs.some((s) => s.name === proposed.subgraph)) {
    const known = subgraphs.map((s) => s.name).join(', ');
    throw new Error(`unknown subgraph "${proposed.subgraph}" (supergraph.yaml has: ${known})`);
  }
  const file = resolve(proposed.file);
  const sdl = readFileSync(file, 'utf8');
  return subgraphs.map((s) => (s.name === proposed.subgraph ? { ...s, file, sdl } : s));
}

/** Composes the proposal; the outcome carries the hints either way. */
export function composeProposed(configPath: string, proposed?: ProposedSchema): CompositionOutcome {
  return compose(proposedSubgraphs(configPath, proposed));
}
