import type { SourceContext } from './context';
import { finishEntities, finishLinkLists } from './entities';
import { OpenApiSubgraphError, type GenerationWarning } from './errors';
import { Registry } from './ir';
import type { ExternalEntities } from './entity-links';
import { addDeclaredLinks, addReverseLinks, addUrlPrefixLinks, type MappedSource } from './links';
import { loadSource, type LoadedSource, type Source } from './load';
import { mapOperations } from './operations';
import type { SubgraphPlan } from './plan';
import { printSubgraph } from './print';

export type GenerateOptions = {
  /** The federation spec version of the `@link` (default 2.7, like the other subgraphs). */
  federationVersion?: string;
  /**
   * Entities other subgraphs own that reverse links (`x-source-type`) attach to: their key
   * fields and types, e.g. `{ Product: { key: { _id: 'ID!' } } }`. Without an entry, the key is
   * the fields the `$source#/...` parameters read, typed `ID!`.
   */
  externalEntities?: ExternalEntities;
};

export type GeneratedSubgraph = {
  /** The subgraph SDL, starting with `extend schema @link(...)`. */
  sdl: string;
  plan: SubgraphPlan;
  /** Sorted by source, pointer and code. */
  warnings: GenerationWarning[];
};

/** Reads, validates and bundles every source, then generates one subgraph from them all. */
export async function generateSubgraph(
  sources: readonly Source[],
  options: GenerateOptions = {},
): Promise<GeneratedSubgraph> {
  const names = new Set<string>();
  for (const source of sources) {
    if (names.has(source.name)) {
      throw new OpenApiSubgraphError(
        'DUPLICATE_SOURCE',
        source.name,
        '',
        'two sources have this name',
      );
    }
    names.add(source.name);
  }
  const loaded: LoadedSource[] = [];
  for (const source of sources) loaded.push(await loadSource(source));
  return generateFromLoaded(loaded, options);
}

/** The pure part: bundled documents in, SDL + plan + warnings out. */
export function generateFromLoaded(
  sources: readonly LoadedSource[],
  options: GenerateOptions = {},
): GeneratedSubgraph {
  const federationVersion = options.federationVersion ?? '2.7';
  const registry = new Registry();
  const plan: SubgraphPlan = {
    version: 1,
    federationVersion,
    sources: sources.map((s) => ({
      name: s.name,
      urlPrefixLinks: s.options.urlPrefixLinks !== false,
    })),
    operations: {},
    fields: {},
    objects: {},
    inputs: {},
    enums: {},
    unions: {},
    entities: {},
    references: {},
    scalars: {},
  };
  const mapped: MappedSource[] = sources.map((source) => {
    const ctx: SourceContext = { source, registry, plan };
    return { ctx, operations: mapOperations(ctx) };
  });
  const externalEntities = options.externalEntities ?? {};
  mapped.forEach((source) => addDeclaredLinks(source, externalEntities));
  addReverseLinks(mapped, externalEntities);
  mapped.forEach(addUrlPrefixLinks);
  finishEntities(mapped);
  finishLinkLists(mapped);
  const warnings = [...registry.warnings].sort(
    (a, b) =>
      compare(a.source, b.source) ||
      compare(a.pointer, b.pointer) ||
      compare(a.code, b.code) ||
      compare(a.message, b.message),
  );
  return { sdl: printSubgraph(registry, federationVersion), plan: sortPlan(plan), warnings };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}

function sortPlan(plan: SubgraphPlan): SubgraphPlan {
  return {
    ...plan,
    operations: sortRecord(plan.operations),
    fields: sortRecord(plan.fields),
    objects: sortRecord(plan.objects),
    inputs: sortRecord(plan.inputs),
    enums: sortRecord(plan.enums),
    unions: sortRecord(plan.unions),
    entities: sortRecord(plan.entities),
    references: sortRecord(plan.references),
    scalars: sortRecord(plan.scalars),
  };
}
