import type { MappedSource } from './links';
import type { MappedOperation } from './operations';
import type { EntityPlan } from './plan';

/** A GET that fetches one `type` by a single path parameter and needs nothing else. */
function fetcherOf(operations: MappedOperation[], type: string): MappedOperation | undefined {
  return operations.find((op) => {
    if (op.plan.method !== 'GET' || op.objectType !== type) return false;
    const required = op.plan.parameters.filter((p) => p.required);
    return required.length === 1 && required[0]?.in === 'path';
  });
}

/**
 * `x-graphql-key` types: `@key(fields: ...)`, resolved by the GET that fetches one by its
 * key, else `resolvable: false` (other subgraphs can still return references to it).
 */
export function finishEntities(all: MappedSource[]): void {
  for (const { ctx, operations } of all) {
    for (const [name, entity] of Object.entries(ctx.plan.entities)) {
      const type = ctx.registry.object(name);
      if (entity.kind !== 'local' || !type || ctx.plan.objects[name]?.source !== ctx.source.name)
        continue;
      const fetcher = fetcherOf(operations, name);
      const pathParameter = fetcher?.plan.parameters.find((p) => p.in === 'path');
      const key = JSON.stringify(entity.key);
      if (!fetcher || !pathParameter) {
        ctx.registry.warn(
          ctx.source.name,
          ctx.plan.objects[name]?.pointer ?? '',
          'ENTITY_NOT_RESOLVABLE',
          `no GET fetches one ${name} by its key`,
        );
        type.directives.push(`@key(fields: ${key}, resolvable: false)`);
        continue;
      }
      type.directives.push(`@key(fields: ${key})`);
      const resolved: EntityPlan = {
        kind: 'local',
        key: entity.key,
        resolve: {
          operation: fetcher.key,
          parameters: [
            {
              in: 'path',
              name: pathParameter.name,
              value: { from: 'parent', pointer: `/${entity.key}` },
            },
          ],
        },
      };
      ctx.plan.entities[name] = resolved;
    }
  }
}

/** Link lists: the operation whose responses are the linked elements, when there is one. */
export function finishLinkLists(all: MappedSource[]): void {
  for (const { operations } of all) {
    for (const operation of operations) {
      const response = operation.plan.response;
      if (response.kind !== 'linkList') continue;
      const fetcher = fetcherOf(operations, response.elementType);
      if (fetcher) response.elementOperation = fetcher.key;
    }
  }
}
