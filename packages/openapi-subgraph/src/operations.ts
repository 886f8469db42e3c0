import { resolveRef, type SourceContext } from './context';
import type { ArgDef } from './ir';
import { linkListResult, pagingRole, type LinkListResult } from './link-lists';
import { camelCase, childPointer, fieldName, pascalCase, pointerOf } from './names';
import { objectOf, stringOf, type JsonObject } from './openapi';
import {
  operationKey,
  type FieldPlan,
  type HttpMethod,
  type OperationPlan,
  type ParameterLocation,
  type ResponsePlan,
  type ValueSource,
} from './plan';
import { useScalar } from './scalars';
import { mapSchema } from './schemas';

const METHODS: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'];
const UNMAPPED_METHODS = ['head', 'options', 'trace'];
/** OpenAPI: header parameters with these names are ignored (they are protocol, not API). */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** A parameter as an argument: what the REST side wants, what GraphQL offers. */
export type OperationParameter = {
  in: ParameterLocation;
  name: string;
  argument: string;
  type: string;
  description?: string;
};

/** A mapped operation, for root fields and for the links that call it. */
export type MappedOperation = {
  key: string;
  source: string;
  plan: OperationPlan;
  pointer: string;
  /** The generated root field's base name (before prefixes and collisions). */
  fieldName: string;
  parameters: OperationParameter[];
  body?: { type: string; required: boolean };
  /** The field type: nullable, since a REST error (404 included) gives null. */
  type: string;
  /** The object type of the result when it is one object (links attach to it). */
  objectType?: string;
  linkList?: LinkListResult;
  /** The success response object (where its `links` are). */
  response: JsonObject;
  responsePointer: string;
  description?: string;
};

/** Maps every operation of a source and adds its root field. */
export function mapOperations(ctx: SourceContext): MappedOperation[] {
  const mapped: MappedOperation[] = [];
  for (const [path, item] of Object.entries(ctx.source.document.paths ?? {})) {
    const itemPointer = pointerOf('paths', path);
    const pathItem = resolveRef(ctx, item, itemPointer);
    for (const method of Object.keys(pathItem.node)) {
      const pointer = childPointer(pathItem.pointer, method);
      if (UNMAPPED_METHODS.includes(method)) {
        ctx.registry.warn(
          ctx.source.name,
          pointer,
          'UNSUPPORTED_OPERATION',
          `${method.toUpperCase()} is not mapped`,
        );
        continue;
      }
      const upper = method.toUpperCase() as HttpMethod;
      if (!METHODS.includes(upper)) continue;
      const operation = mapOperation(ctx, path, upper, pathItem.node, pointer);
      mapped.push(operation);
      addRootField(ctx, operation);
    }
  }
  return mapped;
}

function defaultOperationId(method: HttpMethod, path: string): string {
  const segments = path.split('/').filter(Boolean);
  const literals = segments.filter((s) => !s.startsWith('{'));
  const params = segments.filter((s) => s.startsWith('{')).map((s) => s.slice(1, -1));
  return camelCase(
    [method.toLowerCase(), ...literals, ...(params.length ? ['by', ...params] : [])].join(' '),
  );
}

function mapOperation(
  ctx: SourceContext,
  path: string,
  method: HttpMethod,
  pathItem: JsonObject,
  pointer: string,
): MappedOperation {
  const operation = objectOf(pathItem[method.toLowerCase()]);
  const operationId = stringOf(operation['operationId']) ?? defaultOperationId(method, path);
  const baseName = pascalCase(operationId);
  const override = stringOf(operation['x-graphql-field']);
  const prefix = ctx.source.options.fieldPrefix;
  const rootName = override ?? (prefix ? `${prefix}${baseName}` : camelCase(operationId));
  const parameters = mapParameters(
    ctx,
    pathItem,
    operation,
    pointer,
    `${ctx.source.options.typePrefix ?? ''}${baseName}`,
  );
  const body = mapRequestBody(
    ctx,
    operation,
    pointer,
    `${ctx.source.options.typePrefix ?? ''}${baseName}`,
  );
  const result = mapResponse(
    ctx,
    operation,
    pointer,
    `${ctx.source.options.typePrefix ?? ''}${baseName}Response`,
  );
  const key = operationKey(ctx.source.name, operationId);
  const description = stringOf(operation['summary']) ?? stringOf(operation['description']);
  const plan: OperationPlan = {
    source: ctx.source.name,
    operationId,
    pointer,
    method,
    path,
    parameters: parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required,
      style: p.style,
      explode: p.explode,
    })),
    ...(body ? { requestBody: { contentType: body.contentType, required: body.required } } : {}),
    response: result.plan,
  };
  ctx.plan.operations[key] = plan;
  return {
    key,
    source: ctx.source.name,
    plan,
    pointer,
    fieldName: rootName,
    parameters: parameters.map(({ in: location, name, argument, type, description }) => ({
      in: location,
      name,
      argument,
      type,
      ...(description ? { description } : {}),
    })),
    ...(body ? { body: { type: body.type, required: body.required } } : {}),
    type: result.type,
    ...(result.objectType ? { objectType: result.objectType } : {}),
    ...(result.linkList ? { linkList: result.linkList } : {}),
    response: result.response,
    responsePointer: result.responsePointer,
    ...(description ? { description } : {}),
  };
}

function bodyArgumentType(body: { type: string; required: boolean }): string {
  return body.required ? `${body.type}!` : body.type;
}

type RawParameter = OperationParameter & { required: boolean; style: string; explode: boolean };

function mapParameters(
  ctx: SourceContext,
  pathItem: JsonObject,
  operation: JsonObject,
  pointer: string,
  hint: string,
): RawParameter[] {
  const byKey = new Map<string, { node: JsonObject; pointer: string }>();
  const collect = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((entry, index) => {
      const resolved = resolveRef(ctx, entry, childPointer(at, 'parameters', index));
      byKey.set(`${resolved.node['in']}:${resolved.node['name']}`, {
        node: resolved.node,
        pointer: resolved.pointer,
      });
    });
  };
  collect(pathItem['parameters'], pointer.slice(0, pointer.lastIndexOf('/')));
  collect(operation['parameters'], pointer);
  const result: RawParameter[] = [];
  for (const { node, pointer: at } of byKey.values()) {
    const location = stringOf(node['in']);
    const name = stringOf(node['name']) ?? '';
    if (location === 'cookie') {
      ctx.registry.warn(
        ctx.source.name,
        at,
        'UNSUPPORTED_PARAMETER',
        `cookie parameter ${name} is not mapped`,
      );
      continue;
    }
    if (location !== 'path' && location !== 'query' && location !== 'header') continue;
    if (location === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) continue;
    let type: string;
    if (node['schema'] !== undefined) {
      const mapped = mapSchema(
        ctx,
        node['schema'],
        childPointer(at, 'schema'),
        `${hint}${pascalCase(name)}`,
        'input',
      );
      type = mapped.type;
    } else {
      ctx.registry.warn(
        ctx.source.name,
        at,
        'UNSUPPORTED_PARAMETER',
        `parameter ${name} described by \`content\`: JSON`,
      );
      type = useScalar(ctx, 'JSON');
    }
    const required = location === 'path' || node['required'] === true;
    let argument = fieldName(name);
    for (let n = 2; result.some((p) => p.argument === argument); n++)
      argument = `${fieldName(name)}${n}`;
    const description = stringOf(node['description']);
    result.push({
      in: location,
      name,
      argument,
      type: required ? `${type}!` : type,
      required,
      style: stringOf(node['style']) ?? (location === 'query' ? 'form' : 'simple'),
      explode:
        typeof node['explode'] === 'boolean'
          ? node['explode']
          : (stringOf(node['style']) ?? 'form') === 'form' && location === 'query',
      ...(description ? { description } : {}),
    });
  }
  return result;
}

/** Media types the body can be sent as, best first. */
function pickMediaType(content: JsonObject): string | undefined {
  const types = Object.keys(content);
  return (
    types.find((t) => t === 'application/json') ??
    types.find((t) => /^application\/[^;]*\+json/.test(t) || t.startsWith('application/json')) ??
    types.find((t) => t === 'application/x-www-form-urlencoded')
  );
}

function mapRequestBody(
  ctx: SourceContext,
  operation: JsonObject,
  pointer: string,
  hint: string,
): { type: string; required: boolean; contentType: string } | undefined {
  if (operation['requestBody'] === undefined) return undefined;
  const body = resolveRef(ctx, operation['requestBody'], childPointer(pointer, 'requestBody'));
  const content = objectOf(body.node['content']);
  const contentType = pickMediaType(content);
  if (!contentType) {
    ctx.registry.warn(
      ctx.source.name,
      body.pointer,
      'UNSUPPORTED_BODY',
      `no JSON or form media type (${Object.keys(content).join(', ')}): no input argument`,
    );
    return undefined;
  }
  const schemaPointer = childPointer(body.pointer, 'content', contentType, 'schema');
  const mapped = mapSchema(
    ctx,
    objectOf(content[contentType])['schema'],
    schemaPointer,
    hint,
    'input',
  );
  return { type: mapped.type, required: body.node['required'] === true, contentType };
}

type MappedResponse = {
  type: string;
  plan: ResponsePlan;
  objectType?: string;
  linkList?: LinkListResult;
  response: JsonObject;
  responsePointer: string;
};

function successStatuses(responses: JsonObject): string[] {
  const explicit = Object.keys(responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort();
  if (responses['2XX'] !== undefined) explicit.push('2XX');
  if (explicit.length === 0 && responses['default'] !== undefined) explicit.push('default');
  return explicit;
}

function mapResponse(
  ctx: SourceContext,
  operation: JsonObject,
  pointer: string,
  hint: string,
): MappedResponse {
  const responses = objectOf(operation['responses']);
  const resolved = successStatuses(responses).map((status) => ({
    status,
    ...resolveRef(ctx, responses[status], childPointer(pointer, 'responses', status)),
  }));
  const withBody = resolved.find((r) => Object.keys(objectOf(r.node['content'])).length > 0);
  const emptyStatuses = resolved.filter((r) => r !== withBody).map((r) => r.status);
  if (!withBody) {
    const first = resolved[0];
    return {
      type: useScalar(ctx, 'Void'),
      plan: { kind: 'empty', status: first?.status ?? 'default' },
      response: first?.node ?? {},
      responsePointer: first?.pointer ?? childPointer(pointer, 'responses'),
    };
  }
  const content = objectOf(withBody.node['content']);
  const base = { response: withBody.node, responsePointer: withBody.pointer };
  const contentType =
    pickMediaType(content) ??
    Object.keys(content).find((t) => t === '*/*' || t.startsWith('text/'));
  if (!contentType || contentType.startsWith('text/')) {
    const textType = contentType ?? Object.keys(content)[0] ?? 'application/octet-stream';
    if (!contentType) {
      ctx.registry.warn(
        ctx.source.name,
        withBody.pointer,
        'UNSUPPORTED_RESPONSE',
        `no JSON media type (${Object.keys(content).join(', ')}): String`,
      );
    }
    return {
      ...base,
      type: 'String',
      plan: { kind: 'text', contentType: textType, status: withBody.status, emptyStatuses },
    };
  }
  const media = objectOf(content[contentType]);
  const schemaPointer = childPointer(withBody.pointer, 'content', contentType, 'schema');
  const linkList = linkListResult(
    ctx,
    { node: withBody.node, pointer: withBody.pointer },
    { node: media, pointer: childPointer(withBody.pointer, 'content', contentType) },
  );
  if (linkList) {
    return {
      ...base,
      type: `[${linkList.elementType}]`,
      linkList,
      plan: {
        kind: 'linkList',
        contentType,
        status: withBody.status,
        emptyStatuses,
        ...linkList.plan,
      },
    };
  }
  const mapped = mapSchema(ctx, media['schema'], schemaPointer, hint, 'output');
  const objectType =
    ctx.registry.types.get(mapped.type)?.kind === 'object' ? mapped.type : undefined;
  return {
    ...base,
    type: mapped.type,
    ...(objectType ? { objectType } : {}),
    plan: { kind: 'json', contentType, status: withBody.status, emptyStatuses },
  };
}

/** The arguments of a field calling `operation`, once `provided` parameters are filled by the link. */
export function fieldArguments(
  operation: MappedOperation,
  provided: ReadonlySet<string>,
): {
  args: ArgDef[];
  parameters: FieldPlan['parameters'];
  body?: ValueSource;
  paging?: FieldPlan['paging'];
} {
  const args: ArgDef[] = [];
  const parameters: FieldPlan['parameters'] = [];
  const paging: NonNullable<FieldPlan['paging']> = {};
  for (const parameter of operation.parameters) {
    if (provided.has(`${parameter.in}.${parameter.name}`)) continue;
    const wanted =
      operation.linkList && parameter.in === 'query' ? pagingRole(parameter.name) : undefined;
    // One REST parameter per role (`amount` and `limit` both present: the second stays itself).
    const role = wanted && paging[wanted] === undefined ? wanted : undefined;
    const argument = role ?? parameter.argument;
    const type = role ? 'Int' : parameter.type;
    if (role) paging[role] = parameter.name;
    args.push({
      name: argument,
      type,
      ...(parameter.description ? { description: parameter.description } : {}),
    });
    parameters.push({
      in: parameter.in,
      name: parameter.name,
      value: { from: 'argument', argument, type },
    });
  }
  const bodyArgument = operation.body ? uniqueArgument('input', args) : undefined;
  if (operation.body && bodyArgument) {
    const type = bodyArgumentType(operation.body);
    args.push({ name: bodyArgument, type });
  }
  return {
    args,
    parameters,
    ...(operation.body && bodyArgument
      ? {
          body: {
            from: 'argument',
            argument: bodyArgument,
            type: bodyArgumentType(operation.body),
          } as const,
        }
      : {}),
    ...(Object.keys(paging).length ? { paging } : {}),
  };
}

function uniqueArgument(wanted: string, args: ArgDef[]): string {
  let name = wanted;
  for (let n = 2; args.some((a) => a.name === name); n++) name = `${wanted}${n}`;
  return name;
}

/**
 * Adds the field(s) that call `operation` to `parentType`: one field, or for link lists
 * the list field and its `<name>Page` twin. Returns the field names used.
 */
export function addOperationField(
  ctx: SourceContext,
  parentType: string,
  name: string,
  operation: MappedOperation,
  link: {
    origin: FieldPlan['origin'];
    values: FieldPlan['parameters'];
    description?: string;
    onClash: 'suffix' | 'skip';
    pointer: string;
  },
): string[] {
  const provided = new Set(link.values.map((v) => `${v.in}.${v.name}`));
  const { args, parameters, body, paging } = fieldArguments(operation, provided);
  const description = link.description ?? operation.description;
  const shapes: Array<{ fieldName: string; type: string; shape?: 'list' | 'page' }> =
    operation.linkList
      ? [
          { fieldName: name, type: operation.type, shape: 'list' },
          { fieldName: `${name}Page`, type: operation.linkList.pageType, shape: 'page' },
        ]
      : [{ fieldName: name, type: operation.type }];
  const used: string[] = [];
  for (const shape of shapes) {
    const added = ctx.registry.addField(
      parentType,
      {
        name: shape.fieldName,
        type: shape.type,
        args,
        directives: [],
        ...(description ? { description } : {}),
      },
      { source: ctx.source.name, pointer: link.pointer },
      link.onClash,
    );
    if (added === undefined) continue;
    used.push(added);
    ctx.plan.fields[`${parentType}.${added}`] = {
      operation: operation.key,
      origin: link.origin,
      type: shape.type,
      parameters: [...link.values, ...parameters],
      ...(body ? { body } : {}),
      ...(paging ? { paging } : {}),
      ...(shape.shape ? { linkListShape: shape.shape } : {}),
    };
  }
  return used;
}

function addRootField(ctx: SourceContext, operation: MappedOperation): void {
  const root = operation.plan.method === 'GET' ? 'Query' : 'Mutation';
  addOperationField(ctx, root, operation.fieldName, operation, {
    origin: 'operation',
    values: [],
    onClash: 'suffix',
    pointer: operation.pointer,
  });
}
