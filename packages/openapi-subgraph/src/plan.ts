/**
 * The resolver plan: everything a runtime needs to answer the generated subgraph by calling
 * the REST services, without reading the OpenAPI documents again. Plain JSON (no classes,
 * no functions), so it can be written next to the SDL and loaded at start-up.
 *
 * GraphQL types are written in SDL syntax (`[Pet!]`, `Int!`); `graphql`'s `parseType`
 * reads them back.
 */

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
export type ParameterLocation = 'path' | 'query' | 'header';

/** One REST operation, as the document declares it. */
export type OperationPlan = {
  source: string;
  operationId: string;
  /** Where the operation is in its document, for error messages. */
  pointer: string;
  method: HttpMethod;
  /** The path template relative to the source's base URL: `/pets/{petId}`. */
  path: string;
  parameters: Array<{
    name: string;
    in: ParameterLocation;
    required: boolean;
    /** OpenAPI serialisation; the defaults (`simple` for path/header, `form` for query). */
    style: string;
    explode: boolean;
  }>;
  requestBody?: { contentType: string; required: boolean };
  response: ResponsePlan;
};

/** How a REST answer becomes the field's value. */
export type ResponsePlan =
  /** The JSON body is the value (its shape mapped back by `types`). */
  | { kind: 'json'; contentType: string; status: string; emptyStatuses: string[] }
  /** A non-JSON body, given as a string. */
  | { kind: 'text'; contentType: string; status: string; emptyStatuses: string[] }
  /** No body (204 and friends): the field is `Void`, always null. */
  | { kind: 'empty'; status: string }
  /**
   * An Intershop link list (`x-element-type`): the body is `{ elements: [{ url }], total,
   * offset, amount }`; each element's URL is fetched (GET, relative to the source's base
   * URL) and its JSON body is one item of `elementType`.
   */
  | {
      kind: 'linkList';
      contentType: string;
      status: string;
      emptyStatuses: string[];
      elementType: string;
      elementsProperty: string;
      urlProperty: string;
      totalProperty?: string;
      offsetProperty?: string;
      amountProperty?: string;
      /** The operation whose path the element URLs match, when the document has one. */
      elementOperation?: string;
    };

/** Where the value of one REST parameter (or the body) comes from. */
export type ValueSource =
  /** A GraphQL argument of the field (its input-object names mapped back by `inputs`). */
  | { from: 'argument'; argument: string; type: string }
  /**
   * A value of the parent object: the REST JSON the parent was built from, or an entity
   * representation for entity fields (`$response.body#/sku`, `$source#/_id`).
   */
  | { from: 'parent'; pointer: string }
  /**
   * A parameter of the request that fetched the parent (`$request.path.id`): the runtime
   * keeps the request's parameters beside each object it fetched.
   */
  | { from: 'parentRequest'; in: ParameterLocation; name: string }
  | { from: 'constant'; value: unknown };

/** One generated field: the operation it calls and how its inputs are filled. */
export type FieldPlan = {
  /** Key into `operations`. */
  operation: string;
  /** Why the field exists (a root operation, a declared link, a URL prefix...). */
  origin: 'operation' | 'link' | 'urlPrefix' | 'reverseLink' | 'entityLink';
  /** The GraphQL result type, as in the SDL. */
  type: string;
  parameters: Array<{ in: ParameterLocation; name: string; value: ValueSource }>;
  body?: ValueSource;
  /** Link-list fields: how `first`/`offset` map to the REST paging parameters. */
  paging?: { first?: string; offset?: string };
  /**
   * `list`: the field is `[Element]`; `page`: the field is the `<Element>Page` type, whose
   * value the runtime builds as `{ items, total, offset, amount }` (the counters copied from
   * the link list's body). Unset for ordinary results.
   */
  linkListShape?: 'list' | 'page';
};

/** Where a generated type comes from: its source and the JSON pointer of its schema. */
export type Origin = { source: string; pointer: string };

/** An output object type: how GraphQL field names map to REST JSON properties. */
export type ObjectTypePlan = Origin & {
  /** graphql field -> REST property, for the fields read from the REST JSON. */
  properties: Record<string, string>;
};

export type InputTypePlan = Origin & {
  /** graphql field -> REST property and the field's GraphQL type. */
  fields: Record<string, { property: string; type: string }>;
};

export type EnumPlan = Origin & {
  /** GraphQL value -> REST value. */
  values: Record<string, string>;
};

/** A union resolved by its discriminator property. */
export type UnionPlan = Origin & {
  propertyName: string;
  /** discriminator value -> member type name. */
  mapping: Record<string, string>;
};

export type EntityPlan =
  /** An entity this subgraph defines from a schema with `x-graphql-key`. */
  | {
      kind: 'local';
      key: string;
      /** The GET operation that fetches one by its key (`__resolveReference`), if any. */
      resolve?: {
        operation: string;
        parameters: Array<{ in: ParameterLocation; name: string; value: ValueSource }>;
      };
    }
  /**
   * An entity another subgraph owns (`x-source-type`): this subgraph only contributes
   * fields; `__resolveReference` returns the representation as it is.
   */
  | {
      kind: 'external';
      key: string;
      /** False while this subgraph only returns references to it (`@key(..., resolvable: false)`). */
      resolvable: boolean;
    };

/**
 * A field whose value is a reference to an entity (`x-target-type`): the runtime returns
 * `{ __typename: type, ...key }` with each key field read from its source, and the gateway
 * asks the entity's owner for the rest.
 */
export type EntityReferencePlan = { type: string; key: Record<string, ValueSource> };

export type SubgraphPlan = {
  version: 1;
  federationVersion: string;
  sources: Array<{ name: string; urlPrefixLinks: boolean }>;
  operations: Record<string, OperationPlan>;
  /** `Type.field` -> plan, for every field that calls an operation. */
  fields: Record<string, FieldPlan>;
  objects: Record<string, ObjectTypePlan>;
  inputs: Record<string, InputTypePlan>;
  enums: Record<string, EnumPlan>;
  unions: Record<string, UnionPlan>;
  entities: Record<string, EntityPlan>;
  /** `Type.field` -> reference, for link fields that return another subgraph's entity. */
  references: Record<string, EntityReferencePlan>;
  /** Custom scalars and how their values travel. */
  scalars: Record<string, { description: string }>;
};

export function operationKey(source: string, operationId: string): string {
  return `${source}.${operationId}`;
}
