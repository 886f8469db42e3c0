/**
 * What can go wrong, defined once (after apollographql/federation's `makeCodeDefinition`):
 * each code with what it means. Errors stop generation (the document is invalid or the
 * sources contradict each other); warnings name a construct the generator could not map
 * as written and say what it did instead. Both carry the source and the JSON pointer.
 */

/** Each code with its meaning, written once: `{ CODE: 'what it means' }`. */
function defineCodes<const Specs extends Record<string, string>>(specs: Specs) {
  return Object.fromEntries(
    Object.entries(specs).map(([code, description]) => [code, { code, description }]),
  ) as { readonly [Code in keyof Specs & string]: { code: Code; description: string } };
}

export const ERROR_CODES = defineCodes({
  INVALID_DOCUMENT:
    'The document is not valid OpenAPI 3.0/3.1 (schema validation or a broken `$ref`); the pointer is where.',
  UNREADABLE_DOCUMENT: 'The document could not be read or parsed as YAML/JSON.',
  UNSUPPORTED_VERSION: 'Swagger 2.0 or another version than OpenAPI 3.0/3.1.',
  UNKNOWN_SOURCE_OPERATION: '`x-source-operation` names an operationId that no source defines.',
  DUPLICATE_SOURCE: 'Two sources have the same name.',
});

export const WARNING_CODES = defineCodes({
  UNSUPPORTED_SCHEMA:
    'A schema construct with no GraphQL equivalent (several types, `not`, a non-string enum): mapped to the nearest type said in the message.',
  UNION_WITHOUT_DISCRIMINATOR:
    '`oneOf`/`anyOf` of several schemas without a discriminator: mapped to the `JSON` scalar (a union could not be resolved).',
  UNION_IN_INPUT:
    '`oneOf`/`anyOf` in a request body or parameter: GraphQL has no input unions, mapped to `JSON`.',
  UNION_MEMBER_NOT_OBJECT:
    'A discriminated union with a member that is not an object: mapped to `JSON`.',
  ENUM_VALUE_RENAMED:
    'An enum value that is not a valid GraphQL name: sanitised; the plan keeps the mapping to the REST value.',
  NAME_COLLISION:
    'Two schemas or operations want the same GraphQL name: the later one gets a numeric suffix.',
  UNSUPPORTED_OPERATION: 'HEAD, OPTIONS and TRACE operations are not mapped.',
  UNSUPPORTED_PARAMETER:
    'Cookie parameters, and parameters described by `content` (mapped to `JSON`).',
  UNSUPPORTED_BODY:
    'A request body with no JSON or form media type: the operation gets no `input` argument.',
  UNSUPPORTED_RESPONSE:
    'A success response with no JSON media type: mapped to `String` (the body as text).',
  UNSUPPORTED_LINK:
    'A link the generator cannot follow (an `operationRef` to another document, an unknown operationId, a target that is not a GET, a runtime expression other than `$response.body#`, `$request.*` or `$source#`, a request body).',
  LINK_NOT_ON_OBJECT:
    'A link or URL-prefix field whose source response is not an object type: nothing to attach it to.',
  FIELD_TAKEN:
    'A link or URL-prefix field with the name of a field the type already has: not added.',
  INVALID_ELEMENT_TYPE:
    '`x-element-type` names no schema, or the response is not a list of links: mapped as an ordinary response.',
  INVALID_KEY: '`x-graphql-key` names a field the schema does not have: no `@key`.',
  ENTITY_NOT_RESOLVABLE:
    'An entity with no GET operation that fetches it by its key: `@key(..., resolvable: false)`.',
});

export type ErrorCode = keyof typeof ERROR_CODES;
export type WarningCode = keyof typeof WARNING_CODES;

/** Something the generator did not map as written; generation went on. */
export type GenerationWarning = {
  code: WarningCode;
  source: string;
  /** JSON pointer into the source document (RFC 6901, without `#`). */
  pointer: string;
  message: string;
};

/** Generation stopped: the message names the source and the JSON pointer. */
export class OpenApiSubgraphError extends Error {
  readonly code: ErrorCode;
  readonly source: string;
  readonly pointer: string;
  readonly detail: string;

  constructor(
    code: ErrorCode,
    source: string,
    pointer: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}#${pointer}: ${detail}`, options);
    this.name = 'OpenApiSubgraphError';
    this.code = code;
    this.source = source;
    this.pointer = pointer;
    this.detail = detail;
  }
}

export function formatWarning(warning: GenerationWarning): string {
  return `${warning.code} ${warning.source}#${warning.pointer}: ${warning.message}`;
}
