import { addEntityReference, externalEntity, type ExternalEntities } from './entity-links';
import { OpenApiSubgraphError, type WarningCode } from './errors';
import type { SourceContext } from './context';
import { valueOfExpression } from './expressions';
import { camelCase, childPointer, fieldName, pointerOf, unescapePointerToken } from './names';
import { objectOf, stringOf, type JsonObject } from './openapi';
import { addOperationField, type MappedOperation } from './operations';
import type { FieldPlan } from './plan';

/** A mapped source: its context and its operations. */
export type MappedSource = { ctx: SourceContext; operations: MappedOperation[] };

type LinkAt = { name: string; link: JsonObject; pointer: string; declaredOn?: MappedOperation };

/** The object type a link from `operation`'s response attaches to: the object, or a list's element. */
export function attachType(ctx: SourceContext, operation: MappedOperation): string | undefined {
  if (operation.objectType) return operation.objectType;
  const named = operation.type.replace(/[[\]!]/g, '');
  if (operation.type.startsWith('[') && ctx.registry.types.get(named)?.kind === 'object')
    return named;
  return undefined;
}

function isReverse(link: JsonObject): boolean {
  return link['x-source-operation'] !== undefined || link['x-source-type'] !== undefined;
}

function responseLinks(ctx: SourceContext, operation: MappedOperation): LinkAt[] {
  return Object.entries(objectOf(operation.response['links'])).map(([name, node]) => {
    const pointer = childPointer(operation.responsePointer, 'links', name);
    const resolved = resolveLink(ctx, node, pointer);
    return { name, link: resolved.link, pointer: resolved.pointer, declaredOn: operation };
  });
}

function resolveLink(
  ctx: SourceContext,
  node: unknown,
  pointer: string,
): { link: JsonObject; pointer: string } {
  const ref = stringOf(objectOf(node)['$ref']);
  if (!ref) return { link: objectOf(node), pointer };
  const name = /^#\/components\/links\/([^/]+)$/.exec(ref)?.[1];
  const target =
    name === undefined
      ? undefined
      : ctx.source.document.components?.links?.[unescapePointerToken(name)];
  if (!target)
    throw new OpenApiSubgraphError(
      'INVALID_DOCUMENT',
      ctx.source.name,
      pointer,
      `$ref ${ref} points at no link`,
    );
  return { link: target, pointer: ref.slice(1) };
}

/** The operation a link calls: `operationId`, or a local `operationRef`. */
function linkTarget(mapped: MappedSource, at: LinkAt): MappedOperation | undefined {
  const operationId = stringOf(at.link['operationId']);
  if (operationId) return mapped.operations.find((op) => op.plan.operationId === operationId);
  const operationRef = stringOf(at.link['operationRef']);
  if (operationRef?.startsWith('#'))
    return mapped.operations.find((op) => op.pointer === decodeURIComponent(operationRef.slice(1)));
  return isReverse(at.link) ? at.declaredOn : undefined;
}

/** Link parameters as REST parameter values; the rest of the target's parameters stay arguments. */
function linkValues(
  ctx: SourceContext,
  target: MappedOperation,
  at: LinkAt,
): FieldPlan['parameters'] {
  const values: FieldPlan['parameters'] = [];
  for (const [qualified, expression] of Object.entries(objectOf(at.link['parameters']))) {
    const [location, name] =
      qualified.includes('.') && /^(path|query|header)\./.test(qualified)
        ? [qualified.slice(0, qualified.indexOf('.')), qualified.slice(qualified.indexOf('.') + 1)]
        : [undefined, qualified];
    const parameter = target.parameters.find(
      (p) => p.name === name && (location === undefined || p.in === location),
    );
    const pointer = childPointer(at.pointer, 'parameters', qualified);
    if (!parameter) {
      ctx.registry.warn(
        ctx.source.name,
        pointer,
        'UNSUPPORTED_LINK',
        `${target.plan.operationId} has no parameter ${qualified}`,
      );
      continue;
    }
    const value = valueOfExpression(expression);
    if ('unsupported' in value) {
      ctx.registry.warn(
        ctx.source.name,
        pointer,
        'UNSUPPORTED_LINK',
        `runtime expression ${value.unsupported} is not supported; ${parameter.argument} stays an argument`,
      );
      continue;
    }
    values.push({ in: parameter.in, name: parameter.name, value });
  }
  if (at.link['requestBody'] !== undefined) {
    ctx.registry.warn(
      ctx.source.name,
      childPointer(at.pointer, 'requestBody'),
      'UNSUPPORTED_LINK',
      'a link request body is ignored; the body stays the input argument',
    );
  }
  return values;
}

function addLinkField(
  ctx: SourceContext,
  parentType: string,
  target: MappedOperation,
  at: LinkAt,
  origin: FieldPlan['origin'],
): void {
  if (target.plan.method !== 'GET') {
    // A field of an object type is read, never run for its effect.
    warnAt(
      ctx,
      at,
      'UNSUPPORTED_LINK',
      `the link calls ${target.plan.method} ${target.plan.operationId}; only links to GET operations become fields`,
    );
    return;
  }
  const description = stringOf(at.link['description']);
  addOperationField(
    ctx,
    parentType,
    stringOf(at.link['x-graphql-field']) ?? fieldName(at.name),
    target,
    {
      origin,
      values: linkValues(ctx, target, at),
      onClash: 'skip',
      pointer: at.pointer,
      ...(description ? { description } : {}),
    },
  );
}

function warnAt(ctx: SourceContext, at: LinkAt, code: WarningCode, message: string): void {
  ctx.registry.warn(ctx.source.name, at.pointer, code, message);
}

/** OpenAPI `links` of success responses: fields of the response type. */
export function addDeclaredLinks(mapped: MappedSource, externalEntities: ExternalEntities): void {
  const { ctx } = mapped;
  for (const operation of mapped.operations) {
    for (const at of responseLinks(ctx, operation)) {
      if (isReverse(at.link)) continue;
      const parent = attachType(ctx, operation);
      if (!parent) {
        warnAt(
          ctx,
          at,
          'LINK_NOT_ON_OBJECT',
          `${operation.plan.operationId} returns ${operation.type}`,
        );
        continue;
      }
      if (at.link['x-target-type'] !== undefined) {
        addEntityReference(ctx, parent, at, externalEntities);
        continue;
      }
      const target = linkTarget(mapped, at);
      if (!target) {
        warnAt(ctx, at, 'UNSUPPORTED_LINK', 'the link names no operation of this document');
        continue;
      }
      addLinkField(ctx, parent, target, at, 'link');
    }
  }
}

/** Reverse links of one source: its `components.links` and response links with `x-source-*`. */
function reverseLinks(mapped: MappedSource): LinkAt[] {
  const { ctx } = mapped;
  const declared = Object.entries(ctx.source.document.components?.links ?? {}).map(
    ([name, link]) => ({
      name,
      link,
      pointer: pointerOf('components', 'links', name),
    }),
  );
  const onResponses = mapped.operations.flatMap((operation) => responseLinks(ctx, operation));
  return [...declared, ...onResponses].filter((at) => isReverse(at.link));
}

export function addReverseLinks(all: MappedSource[], externalEntities: ExternalEntities): void {
  for (const mapped of all) {
    const { ctx } = mapped;
    for (const at of reverseLinks(mapped)) {
      const target = linkTarget(mapped, at);
      if (!target) {
        warnAt(ctx, at, 'UNSUPPORTED_LINK', 'the reverse link names no operation of this document');
        continue;
      }
      const sourceType = stringOf(at.link['x-source-type']);
      const parent = sourceType
        ? entityParent(ctx, sourceType, at, externalEntities)
        : sourceOperationParent(all, ctx, at);
      if (parent) addLinkField(ctx, parent, target, at, sourceType ? 'entityLink' : 'reverseLink');
    }
  }
}

function sourceOperationParent(
  all: MappedSource[],
  ctx: SourceContext,
  at: LinkAt,
): string | undefined {
  const wanted = stringOf(at.link['x-source-operation']) ?? '';
  const [sourceName, operationId] = wanted.includes(':')
    ? wanted.split(':', 2)
    : [undefined, wanted];
  const found = all
    .filter((m) => sourceName === undefined || m.ctx.source.name === sourceName)
    .flatMap((m) => m.operations.map((operation) => ({ m, operation })))
    .find(({ operation }) => operation.plan.operationId === operationId);
  if (!found) {
    throw new OpenApiSubgraphError(
      'UNKNOWN_SOURCE_OPERATION',
      ctx.source.name,
      childPointer(at.pointer, 'x-source-operation'),
      `no source has an operation ${wanted}`,
    );
  }
  const parent = attachType(found.m.ctx, found.operation);
  if (!parent) {
    warnAt(ctx, at, 'LINK_NOT_ON_OBJECT', `${wanted} returns ${found.operation.type}`);
  }
  return parent;
}

/**
 * `x-source-type`: the field goes on that type; for an entity another subgraph owns, on a
 * stub whose key comes from the `externalEntities` option, else from the `$source#/<field>`
 * parameters (as `ID!`).
 */
function entityParent(
  ctx: SourceContext,
  typeName: string,
  at: LinkAt,
  externalEntities: ExternalEntities,
): string | undefined {
  const guessed = Object.fromEntries(
    Object.values(objectOf(at.link['parameters']))
      .map((expression) => /^\$source#\/([^/]+)$/.exec(String(expression))?.[1])
      .filter((field): field is string => field !== undefined)
      .map((field) => [unescapePointerToken(field), 'ID!']),
  );
  return externalEntity(ctx, typeName, guessed, externalEntities, at.pointer, true);
}

/**
 * URL-prefix links: with no link declared, `GET /products/{key}/reviews` becomes `reviews`
 * on the type `GET /products/{key}` returns; the prefix's path parameters come from the
 * parent object when it has a property of that name, else from the request that fetched it.
 */
export function addUrlPrefixLinks(mapped: MappedSource): void {
  const { ctx } = mapped;
  if (ctx.source.options.urlPrefixLinks === false) return;
  const gets = mapped.operations.filter((op) => op.plan.method === 'GET');
  const byPath = new Map(gets.map((op) => [op.plan.path.replace(/\/+$/, ''), op]));
  for (const operation of gets) {
    const segments = operation.plan.path.split('/').filter(Boolean);
    for (let cut = segments.length - 1; cut >= 1; cut--) {
      const rest = segments.slice(cut);
      if (rest.some((segment) => segment.includes('{'))) break;
      const prefix = byPath.get(`/${segments.slice(0, cut).join('/')}`);
      const parent = prefix?.objectType;
      if (!prefix || !parent) continue;
      // A fallback only: a link declared from this type to this operation wins.
      const declared = Object.entries(ctx.plan.fields).some(
        ([key, field]) => key.startsWith(`${parent}.`) && field.operation === operation.key,
      );
      if (declared) break;
      const properties = Object.values(ctx.plan.objects[parent]?.properties ?? {});
      const values: FieldPlan['parameters'] = prefix.parameters
        .filter((p) => p.in === 'path')
        .map((p) => ({
          in: 'path',
          name: p.name,
          value: properties.includes(p.name)
            ? { from: 'parent', pointer: `/${p.name}` }
            : { from: 'parentRequest', in: 'path', name: p.name },
        }));
      addOperationField(ctx, parent, camelCase(rest.join(' ')), operation, {
        origin: 'urlPrefix',
        values,
        onClash: 'skip',
        pointer: operation.pointer,
      });
      break;
    }
  }
}
