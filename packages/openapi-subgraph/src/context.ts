import { OpenApiSubgraphError } from './errors';
import type { Registry } from './ir';
import type { LoadedSource } from './load';
import { readPointer, unescapePointerToken } from './names';
import { isObject, type JsonObject } from './openapi';
import type { SubgraphPlan } from './plan';

/** One source being mapped: its document, the shared registry and the plan being built. */
export type SourceContext = {
  source: LoadedSource;
  registry: Registry;
  plan: SubgraphPlan;
};

export type Resolved = {
  node: JsonObject;
  /** The pointer of the node after following every `$ref`. */
  pointer: string;
  /** Set when the node is `#/components/<kind>/<name>`. */
  componentName?: string;
};

/** Follows `$ref`s (internal ones: the loader bundled the external files in). */
export function resolveRef(ctx: SourceContext, node: unknown, pointer: string): Resolved {
  const seen = new Set<string>();
  let current = node;
  let at = pointer;
  while (isObject(current) && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    if (!ref.startsWith('#')) {
      throw new OpenApiSubgraphError(
        'INVALID_DOCUMENT',
        ctx.source.name,
        at,
        `unresolved $ref ${ref}`,
      );
    }
    const target = decodeURIComponent(ref.slice(1));
    if (seen.has(target)) {
      throw new OpenApiSubgraphError(
        'INVALID_DOCUMENT',
        ctx.source.name,
        at,
        `$ref ${ref} refers to itself`,
      );
    }
    seen.add(target);
    const next = readPointer(ctx.source.document, target);
    if (next === undefined) {
      throw new OpenApiSubgraphError(
        'INVALID_DOCUMENT',
        ctx.source.name,
        at,
        `$ref ${ref} points at nothing`,
      );
    }
    current = next;
    at = target;
  }
  if (!isObject(current)) {
    throw new OpenApiSubgraphError(
      'INVALID_DOCUMENT',
      ctx.source.name,
      at,
      'an object was expected here',
    );
  }
  const component = /^\/components\/[^/]+\/([^/]+)$/.exec(at)?.[1];
  return component === undefined
    ? { node: current, pointer: at }
    : { node: current, pointer: at, componentName: unescapePointerToken(component) };
}
