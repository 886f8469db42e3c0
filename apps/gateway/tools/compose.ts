import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** `supergraph.yaml`, rover's format: each subgraph's routing URL and schema file. */
const supergraphConfigSchema = z.object({
  federation_version: z.union([z.string(), z.number()]).optional(),
  subgraphs: z.record(
    z.string(),
    z.object({
      routing_url: z.string().url(),
      schema: z.object({ file: z.string().min(1) }),
    }),
  ),
});

export type SubgraphSource = { name: string; url: string; sdl: string; file: string };

export function readSupergraphConfig(configPath: string): SubgraphSource[] {
  const config = supergraphConfigSchema.parse(parseYaml(readFileSync(configPath, 'utf8')));
  const root = dirname(configPath);
  return Object.entries(config.subgraphs).map(([name, subgraph]) => {
    const file = resolve(root, subgraph.schema.file);
    return { name, url: subgraph.routing_url, sdl: readFileSync(file, 'utf8'), file };
  });
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; hints: string[] }
  | { ok: false; errors: string[]; hints: string[] };

/** The same composition rover runs, in process. */
export function compose(subgraphs: readonly SubgraphSource[]): CompositionOutcome {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
  );
  const hints = (result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`);
  if (result.errors) {
    return {
      ok: false,
      hints,
      errors: result.errors.map((error) => {
        const code = (error.extensions?.['code'] as string | undefined) ?? 'COMPOSITION_ERROR';
        return `${code}: ${error.message}`;
      }),
    };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl, hints };
}
