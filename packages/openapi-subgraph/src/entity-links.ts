import type { SourceContext } from './context';
import { valueOfExpression } from './expressions';
import { fieldName } from './names';
import { objectOf, stringOf, type JsonObject } from './openapi';
import type { ValueSource } from './plan';

/** Entities other subgraphs own: their key fields and types, e.g. `{ User: { key: { _id: 'ID!' } } }`. */
export type ExternalEntities = Record<string, { key: Record<string, string> }>;

type At = { name: string; link: JsonObject; pointer: string };

function keyDirective(key: string, resolvable: boolean): string {
  return `@key(fields: ${JSON.stringify(key)}${resolvable ? '' : ', resolvable: false'})`;
}

/**
 * The type a link attaches to or returns when it names an entity by `x-source-type` /
 * `x-target-type`: a type of this subgraph, or a stub of an entity another subgraph owns.
 * A stub is `resolvable: false` while this subgraph only returns references to it, and
 * resolvable once it contributes a field (so the gateway can come here for that field).
 */
export function externalEntity(
  ctx: SourceContext,
  typeName: string,
  guessedKey: Record<string, string>,
  options: ExternalEntities,
  pointer: string,
  contributes: boolean,
): string | undefined {
  const existing = ctx.registry.types.get(typeName);
  const entity = ctx.plan.entities[typeName];
  if (existing?.kind === 'object') {
    if (contributes && entity?.kind === 'external' && !entity.resolvable) {
      entity.resolvable = true;
      existing.directives = [keyDirective(entity.key, true)];
    }
    return typeName;
  }
  if (existing) {
    ctx.registry.warn(
      ctx.source.name,
      pointer,
      'UNSUPPORTED_LINK',
      `${typeName} is a ${existing.kind}, not an object type`,
    );
    return undefined;
  }
  const key = options[typeName]?.key ?? guessedKey;
  const keyFields = Object.keys(key).join(' ');
  ctx.registry.allocateName(typeName, `external|${typeName}`, ctx.source.name, pointer);
  ctx.registry.types.set(typeName, {
    kind: 'object',
    name: typeName,
    fields: Object.entries(key).map(([name, type]) => ({ name, type, args: [], directives: [] })),
    directives: [keyDirective(keyFields, contributes)],
  });
  ctx.plan.entities[typeName] = { kind: 'external', key: keyFields, resolvable: contributes };
  return typeName;
}

/**
 * `x-target-type: <Entity>` on a link with no operation: the field returns a reference to
 * an entity another subgraph owns (`Review.author: User`), its key fields filled by the
 * link's parameters (`_id: $response.body#/authorId`); that subgraph resolves the rest.
 * The link's `operationId` (OpenAPI requires one) is not called: the owner is asked instead.
 */
export function addEntityReference(
  ctx: SourceContext,
  parentType: string,
  at: At,
  options: ExternalEntities,
): void {
  const typeName = stringOf(at.link['x-target-type']) ?? '';
  const key: Record<string, ValueSource> = {};
  for (const [field, expression] of Object.entries(objectOf(at.link['parameters']))) {
    const value = valueOfExpression(expression);
    if ('unsupported' in value) {
      ctx.registry.warn(
        ctx.source.name,
        at.pointer,
        'UNSUPPORTED_LINK',
        `runtime expression ${value.unsupported} is not supported`,
      );
      return;
    }
    key[field] = value;
  }
  const guessed = Object.fromEntries(Object.keys(key).map((field) => [field, 'ID!']));
  if (
    Object.keys(key).length === 0 ||
    !externalEntity(ctx, typeName, guessed, options, at.pointer, false)
  ) {
    if (Object.keys(key).length === 0) {
      ctx.registry.warn(
        ctx.source.name,
        at.pointer,
        'UNSUPPORTED_LINK',
        `no parameters give the key of ${typeName}`,
      );
    }
    return;
  }
  const description = stringOf(at.link['description']);
  const added = ctx.registry.addField(
    parentType,
    {
      name: stringOf(at.link['x-graphql-field']) ?? fieldName(at.name),
      type: typeName,
      args: [],
      directives: [],
      ...(description ? { description } : {}),
    },
    { source: ctx.source.name, pointer: at.pointer },
    'skip',
  );
  if (added) ctx.plan.references[`${parentType}.${added}`] = { type: typeName, key };
}
