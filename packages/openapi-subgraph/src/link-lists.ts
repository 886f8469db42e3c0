import { resolveRef, type SourceContext } from './context';
import { childPointer } from './names';
import { isObject, objectOf, stringOf, type JsonObject } from './openapi';
import type { ResponsePlan } from './plan';
import { mapSchema, typeBaseName } from './schemas';

/**
 * Intershop link lists: a response `{ elements: [{ url, type, title }], total, offset,
 * amount }` marked `x-element-type: <Schema>` is a page of links to `<Schema>` resources.
 * GraphQL gets the resources themselves (`[Schema]`, each link followed) and a page type
 * with the total.
 */
export type LinkListResult = {
  elementType: string;
  pageType: string;
  plan: Omit<
    Extract<ResponsePlan, { kind: 'linkList' }>,
    'kind' | 'contentType' | 'status' | 'emptyStatuses'
  >;
};

const URL_PROPERTIES = ['url', 'uri', 'href', 'link'];

/** REST paging parameters and the GraphQL arguments they become. */
export function pagingRole(parameter: string): 'first' | 'offset' | undefined {
  if (parameter === 'offset') return 'offset';
  if (parameter === 'amount' || parameter === 'limit') return 'first';
  return undefined;
}

type Located = { node: JsonObject | undefined; pointer: string };

/** `x-element-type` on the response, its media type or its schema. */
function elementTypeHint(...places: Located[]): { value: string; pointer: string } | undefined {
  for (const place of places) {
    const value = stringOf(place.node?.['x-element-type']);
    if (value) return { value, pointer: childPointer(place.pointer, 'x-element-type') };
  }
  return undefined;
}

export function linkListResult(
  ctx: SourceContext,
  response: Located,
  media: Located,
): LinkListResult | undefined {
  const schemaPointer = childPointer(media.pointer, 'schema');
  const schema =
    media.node?.['schema'] === undefined
      ? undefined
      : resolveRef(ctx, media.node['schema'], schemaPointer);
  const hint = elementTypeHint(response, media, {
    node: schema?.node,
    pointer: schema?.pointer ?? schemaPointer,
  });
  if (!hint) return undefined;
  const invalid = (why: string): undefined => {
    ctx.registry.warn(
      ctx.source.name,
      hint.pointer,
      'INVALID_ELEMENT_TYPE',
      `${why}: mapped as an ordinary response`,
    );
    return undefined;
  };
  const ref = hint.value.startsWith('#') ? hint.value : `#/components/schemas/${hint.value}`;
  if (
    ctx.source.document.components?.schemas?.[hint.value] === undefined &&
    !hint.value.startsWith('#')
  ) {
    return invalid(`x-element-type ${hint.value} names no schema`);
  }
  if (!schema) return invalid('the response has no schema');
  const properties = objectOf(schema.node['properties']);
  const elements = properties['elements'];
  if (elements === undefined) return invalid('the response has no `elements`');
  const elementsAt = resolveRef(
    ctx,
    elements,
    childPointer(schema.pointer, 'properties', 'elements'),
  );
  const items = elementsAt.node['items'];
  const itemProperties = isObject(items)
    ? objectOf(resolveRef(ctx, items, childPointer(elementsAt.pointer, 'items')).node['properties'])
    : {};
  const urlProperty = URL_PROPERTIES.find((name) => itemProperties[name] !== undefined);
  if (!urlProperty) return invalid('the elements have no `url`');
  const element = mapSchema(
    ctx,
    { $ref: ref },
    hint.pointer,
    typeBaseName(ctx, hint.value),
    'output',
  );
  if (ctx.registry.types.get(element.type)?.kind !== 'object')
    return invalid(`${hint.value} is not an object schema`);
  const present = (name: string) => (properties[name] !== undefined ? name : undefined);
  const pageType = ensurePageType(ctx, element.type, schema.pointer, present);
  const total = present('total');
  const offset = present('offset');
  const amount = present('amount');
  return {
    elementType: element.type,
    pageType,
    plan: {
      elementType: element.type,
      elementsProperty: 'elements',
      urlProperty,
      ...(total ? { totalProperty: total } : {}),
      ...(offset ? { offsetProperty: offset } : {}),
      ...(amount ? { amountProperty: amount } : {}),
    },
  };
}

/** `<Element>Page { items, total, offset, amount }`: one per element type. */
function ensurePageType(
  ctx: SourceContext,
  elementType: string,
  pointer: string,
  present: (name: string) => string | undefined,
): string {
  const name = ctx.registry.allocateName(
    `${elementType}Page`,
    `linkListPage|${elementType}`,
    ctx.source.name,
    pointer,
  );
  if (ctx.registry.types.has(name)) return name;
  const counters = (['total', 'offset', 'amount'] as const).filter((counter) => present(counter));
  ctx.registry.types.set(name, {
    kind: 'object',
    name,
    description: `A page of ${elementType} items; each item is fetched by following its link.`,
    fields: [
      { name: 'items', type: `[${elementType}]`, args: [], directives: [] },
      ...counters.map((counter) => ({ name: counter, type: 'Int', args: [], directives: [] })),
    ],
    directives: [],
  });
  return name;
}
