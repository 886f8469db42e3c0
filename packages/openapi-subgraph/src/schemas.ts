import { resolveRef, type SourceContext } from './context';
import type { FieldDef } from './ir';
import { childPointer, enumValueName, fieldName, pascalCase } from './names';
import { isObject, stringOf, type JsonObject } from './openapi';
import { useScalar } from './scalars';

export type Direction = 'output' | 'input';

/** A schema being mapped: where it is, the name it would get, and for which side. */
type Site = { schema: JsonObject; pointer: string; base: string; direction: Direction };

/** A mapped schema: the GraphQL type without its outer `!`, and whether null is allowed. */
export type Mapped = { type: string; nullable: boolean };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Maps a schema (or `$ref`) to a GraphQL type, creating the named types it needs.
 * `hint` is the PascalCase base name an inline object, enum or union gets (parent type +
 * field); named schemas take their component name instead.
 */
export function mapSchema(
  ctx: SourceContext,
  node: unknown,
  pointer: string,
  hint: string,
  direction: Direction,
): Mapped {
  const here = isObject(node) ? node : {};
  const nullableHere = isNullable(here);
  if (typeof here['$ref'] === 'string') {
    const target = resolveRef(ctx, here, pointer);
    const base =
      target.componentName !== undefined
        ? typeBaseName(ctx, target.componentName)
        : titleOr(ctx, target.node, hint);
    const mapped = mapResolved(ctx, {
      schema: target.node,
      pointer: target.pointer,
      base,
      direction,
    });
    return {
      type: mapped.type,
      nullable: nullableHere || isNullable(target.node) || mapped.nullable,
    };
  }
  const mapped = mapResolved(ctx, { schema: here, pointer, base: hint, direction });
  return { type: mapped.type, nullable: nullableHere || mapped.nullable };
}

/** 3.0 `nullable: true`, or 3.1 `type: [T, "null"]`. */
function isNullable(schema: JsonObject): boolean {
  return (
    schema['nullable'] === true ||
    (Array.isArray(schema['type']) && schema['type'].includes('null'))
  );
}

export function typeBaseName(ctx: SourceContext, name: string): string {
  return `${ctx.source.options.typePrefix ?? ''}${pascalCase(name)}`;
}

function titleOr(ctx: SourceContext, schema: JsonObject, hint: string): string {
  const title = stringOf(schema['title']);
  return title ? typeBaseName(ctx, title) : hint;
}

function mapResolved(ctx: SourceContext, site: Site): Mapped {
  const { schema, pointer, base, direction } = site;
  const combinator =
    schema['oneOf'] !== undefined ? 'oneOf' : schema['anyOf'] !== undefined ? 'anyOf' : undefined;
  if (combinator) return mapAlternatives(ctx, site, combinator);
  const allOf = Array.isArray(schema['allOf']) ? schema['allOf'] : undefined;
  if (allOf && allOf.length === 1 && !schema['properties']) {
    return mapSchema(ctx, allOf[0], childPointer(pointer, 'allOf', 0), base, direction);
  }
  if (Array.isArray(schema['enum'])) return mapEnum(ctx, schema, pointer, base);
  if (schema['not'] !== undefined) {
    ctx.registry.warn(
      ctx.source.name,
      childPointer(pointer, 'not'),
      'UNSUPPORTED_SCHEMA',
      '`not` is ignored',
    );
  }
  const types = typesOf(schema);
  if (types.length > 1) {
    ctx.registry.warn(
      ctx.source.name,
      pointer,
      'UNSUPPORTED_SCHEMA',
      `several types (${types.join(', ')}): mapped to JSON`,
    );
    return { type: useScalar(ctx, 'JSON'), nullable: true };
  }
  switch (types[0]) {
    case 'string':
      return { type: stringType(ctx, schema), nullable: false };
    case 'integer':
      return { type: integerType(ctx, schema), nullable: false };
    case 'number':
      return { type: 'Float', nullable: false };
    case 'boolean':
      return { type: 'Boolean', nullable: false };
    case 'null':
      return { type: useScalar(ctx, 'JSON'), nullable: true };
    case 'array':
      return mapArray(ctx, site);
    default:
      return mapObject(ctx, site);
  }
}

/** `type` as a list without `null`; guessed from `properties`/`items` when absent. */
function typesOf(schema: JsonObject): string[] {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) {
    const types = type.filter((t): t is string => typeof t === 'string' && t !== 'null');
    return types.length > 0 ? types : ['null'];
  }
  if (schema['items'] !== undefined) return ['array'];
  return ['object'];
}

function stringType(ctx: SourceContext, schema: JsonObject): string {
  if (schema['format'] === 'date-time') return useScalar(ctx, 'DateTime');
  if (schema['format'] === 'date') return useScalar(ctx, 'Date');
  return 'String';
}

function integerType(ctx: SourceContext, schema: JsonObject): string {
  if (schema['format'] === 'int32') return 'Int';
  const outside = (bound: unknown) =>
    typeof bound === 'number' && (bound < INT32_MIN || bound > INT32_MAX);
  if (schema['format'] === 'int64' || outside(schema['minimum']) || outside(schema['maximum'])) {
    return useScalar(ctx, 'BigInt');
  }
  return 'Int';
}

function mapArray(ctx: SourceContext, site: Site): Mapped {
  const { schema, pointer, base, direction } = site;
  if (schema['items'] === undefined) {
    ctx.registry.warn(
      ctx.source.name,
      pointer,
      'UNSUPPORTED_SCHEMA',
      'an array without `items`: [JSON]',
    );
    return { type: `[${useScalar(ctx, 'JSON')}]`, nullable: false };
  }
  const item = mapSchema(
    ctx,
    schema['items'],
    childPointer(pointer, 'items'),
    `${base}Item`,
    direction,
  );
  return { type: `[${item.type}${item.nullable ? '' : '!'}]`, nullable: false };
}

type Property = { name: string; schema: unknown; pointer: string };

/** Own properties and those of every `allOf` member, with the union of `required`. */
function collectProperties(
  ctx: SourceContext,
  schema: JsonObject,
  pointer: string,
  seen = new Set<string>(),
): { properties: Property[]; required: Set<string> } {
  const properties: Property[] = [];
  const required = new Set<string>();
  if (seen.has(pointer)) return { properties, required };
  seen.add(pointer);
  const allOf = Array.isArray(schema['allOf']) ? schema['allOf'] : [];
  allOf.forEach((member, index) => {
    const resolved = resolveRef(ctx, member, childPointer(pointer, 'allOf', index));
    if (resolved.node['oneOf'] !== undefined || resolved.node['anyOf'] !== undefined) {
      ctx.registry.warn(
        ctx.source.name,
        resolved.pointer,
        'UNSUPPORTED_SCHEMA',
        '`oneOf`/`anyOf` inside `allOf` is ignored',
      );
    }
    const inner = collectProperties(ctx, resolved.node, resolved.pointer, seen);
    for (const property of inner.properties) {
      const at = properties.findIndex((p) => p.name === property.name);
      if (at >= 0) properties[at] = property;
      else properties.push(property);
    }
    inner.required.forEach((name) => required.add(name));
  });
  for (const [name, property] of Object.entries(
    isObject(schema['properties']) ? schema['properties'] : {},
  )) {
    const at = properties.findIndex((p) => p.name === name);
    const entry = { name, schema: property, pointer: childPointer(pointer, 'properties', name) };
    if (at >= 0) properties[at] = entry;
    else properties.push(entry);
  }
  if (Array.isArray(schema['required'])) {
    schema['required'].forEach((name) => typeof name === 'string' && required.add(name));
  }
  return { properties, required };
}

function flag(
  ctx: SourceContext,
  node: unknown,
  pointer: string,
  name: 'readOnly' | 'writeOnly',
): boolean {
  if (!isObject(node)) return false;
  if (node[name] === true) return true;
  return typeof node['$ref'] === 'string' && resolveRef(ctx, node, pointer).node[name] === true;
}

function mapObject(ctx: SourceContext, site: Site): Mapped {
  const { schema, pointer, base, direction } = site;
  const { properties, required } = collectProperties(ctx, schema, pointer);
  const kept = properties.filter(
    (p) => !flag(ctx, p.schema, p.pointer, direction === 'output' ? 'writeOnly' : 'readOnly'),
  );
  // Free-form objects and `additionalProperties` maps have no fixed fields.
  if (kept.length === 0) return { type: useScalar(ctx, 'JSON'), nullable: false };
  const kind = direction === 'output' ? 'object' : 'input';
  const owner = `${ctx.source.name}|${direction}|${pointer}`;
  const name = ctx.registry.allocateName(
    direction === 'input' ? `${base}Input` : base,
    owner,
    ctx.source.name,
    pointer,
  );
  if (ctx.registry.types.has(name)) return { type: name, nullable: false };
  const fields: FieldDef[] = [];
  const description = stringOf(schema['description']);
  ctx.registry.types.set(
    name,
    kind === 'object'
      ? { kind, name, fields, directives: [], ...(description ? { description } : {}) }
      : { kind, name, fields, ...(description ? { description } : {}) },
  );
  const mapping: Record<string, string> = {};
  const inputFields: Record<string, { property: string; type: string }> = {};
  for (const property of kept) {
    const gqlName = uniqueName(fieldName(property.name), fields);
    const mapped = mapSchema(
      ctx,
      property.schema,
      property.pointer,
      `${base}${pascalCase(property.name)}`,
      direction,
    );
    const type = required.has(property.name) && !mapped.nullable ? `${mapped.type}!` : mapped.type;
    const propertyDescription = isObject(property.schema)
      ? stringOf(property.schema['description'])
      : undefined;
    fields.push({
      name: gqlName,
      type,
      args: [],
      directives: [],
      ...(propertyDescription ? { description: propertyDescription } : {}),
    });
    mapping[gqlName] = property.name;
    inputFields[gqlName] = { property: property.name, type };
  }
  if (kind === 'object') {
    ctx.plan.objects[name] = { source: ctx.source.name, pointer, properties: mapping };
    markEntity(ctx, schema, pointer, name, mapping);
  } else {
    ctx.plan.inputs[name] = { source: ctx.source.name, pointer, fields: inputFields };
  }
  return { type: name, nullable: false };
}

function uniqueName(wanted: string, fields: FieldDef[]): string {
  let name = wanted;
  for (let n = 2; fields.some((f) => f.name === name); n++) name = `${wanted}${n}`;
  return name;
}

/** `x-graphql-key: <property>`: the type becomes an entity; its resolver is found later. */
function markEntity(
  ctx: SourceContext,
  schema: JsonObject,
  pointer: string,
  name: string,
  mapping: Record<string, string>,
): void {
  const key = stringOf(schema['x-graphql-key']);
  if (key === undefined) return;
  const field = Object.entries(mapping).find(([, property]) => property === key)?.[0];
  if (field === undefined) {
    ctx.registry.warn(
      ctx.source.name,
      childPointer(pointer, 'x-graphql-key'),
      'INVALID_KEY',
      `${name} has no property ${key}`,
    );
    return;
  }
  ctx.plan.entities[name] = { kind: 'local', key: field };
}

function mapEnum(ctx: SourceContext, schema: JsonObject, pointer: string, base: string): Mapped {
  const all = schema['enum'] as unknown[];
  const nullable = all.includes(null);
  const values = all.filter((value) => value !== null);
  if (!values.every((value): value is string => typeof value === 'string')) {
    const type = values.every((value) => Number.isInteger(value))
      ? integerType(ctx, schema)
      : values.every((value) => typeof value === 'number')
        ? 'Float'
        : values.every((value) => typeof value === 'boolean')
          ? 'Boolean'
          : useScalar(ctx, 'JSON');
    ctx.registry.warn(
      ctx.source.name,
      childPointer(pointer, 'enum'),
      'UNSUPPORTED_SCHEMA',
      `an enum of non-strings: mapped to ${type}`,
    );
    return { type, nullable };
  }
  const name = ctx.registry.allocateName(
    base,
    `${ctx.source.name}|enum|${pointer}`,
    ctx.source.name,
    pointer,
  );
  if (ctx.registry.types.has(name)) return { type: name, nullable };
  const mapping: Record<string, string> = {};
  const renamed: string[] = [];
  for (const value of [...new Set(values)]) {
    let gqlName = enumValueName(value);
    for (let n = 2; Object.hasOwn(mapping, gqlName); n++) gqlName = `${enumValueName(value)}_${n}`;
    mapping[gqlName] = value;
    if (gqlName !== value) renamed.push(`${JSON.stringify(value)} -> ${gqlName}`);
  }
  if (renamed.length > 0) {
    ctx.registry.warn(
      ctx.source.name,
      childPointer(pointer, 'enum'),
      'ENUM_VALUE_RENAMED',
      `${name}: ${renamed.join(', ')}`,
    );
  }
  const description = stringOf(schema['description']);
  ctx.registry.types.set(name, {
    kind: 'enum',
    name,
    values: Object.keys(mapping),
    ...(description ? { description } : {}),
  });
  ctx.plan.enums[name] = { source: ctx.source.name, pointer, values: mapping };
  return { type: name, nullable };
}

function isNullSchema(node: unknown): boolean {
  return (
    isObject(node) &&
    (node['type'] === 'null' ||
      (Array.isArray(node['enum']) && node['enum'].length === 1 && node['enum'][0] === null))
  );
}

function mapAlternatives(ctx: SourceContext, site: Site, combinator: 'oneOf' | 'anyOf'): Mapped {
  const { schema, pointer, base, direction } = site;
  const listed = Array.isArray(schema[combinator]) ? (schema[combinator] as unknown[]) : [];
  const members = listed.map((node, index) => ({
    node,
    pointer: childPointer(pointer, combinator, index),
  }));
  const nonNull = members.filter((member) => !isNullSchema(member.node));
  const nullable = nonNull.length < members.length;
  const json = (
    code: 'UNION_IN_INPUT' | 'UNION_WITHOUT_DISCRIMINATOR' | 'UNION_MEMBER_NOT_OBJECT',
    message: string,
  ): Mapped => {
    ctx.registry.warn(ctx.source.name, pointer, code, message);
    return { type: useScalar(ctx, 'JSON'), nullable: true };
  };
  const only = nonNull[0];
  if (only && nonNull.length === 1) {
    const mapped = mapSchema(ctx, only.node, only.pointer, base, direction);
    return { type: mapped.type, nullable: nullable || mapped.nullable };
  }
  if (nonNull.length === 0) return { type: useScalar(ctx, 'JSON'), nullable: true };
  if (direction === 'input')
    return json('UNION_IN_INPUT', `\`${combinator}\` in an input: mapped to JSON`);
  const discriminator = isObject(schema['discriminator']) ? schema['discriminator'] : undefined;
  const propertyName = stringOf(discriminator?.['propertyName']);
  if (!propertyName) {
    return json(
      'UNION_WITHOUT_DISCRIMINATOR',
      `\`${combinator}\` without a discriminator: mapped to JSON`,
    );
  }
  const owner = `${ctx.source.name}|output|${pointer}`;
  const mapping: Record<string, string> = {};
  const memberTypes: string[] = [];
  for (const [index, member] of nonNull.entries()) {
    const mapped = mapSchema(
      ctx,
      member.node,
      member.pointer,
      `${base}Option${index + 1}`,
      'output',
    );
    if (ctx.registry.types.get(mapped.type)?.kind !== 'object') {
      return json(
        'UNION_MEMBER_NOT_OBJECT',
        `member ${index} of \`${combinator}\` is ${mapped.type}, not an object: mapped to JSON`,
      );
    }
    memberTypes.push(mapped.type);
    const implicit = implicitDiscriminatorValue(ctx, member.node, member.pointer, propertyName);
    if (implicit !== undefined) mapping[implicit] = mapped.type;
  }
  const explicit = isObject(discriminator?.['mapping']) ? discriminator['mapping'] : {};
  for (const [value, target] of Object.entries(explicit)) {
    if (typeof target !== 'string') continue;
    const ref = target.startsWith('#') ? target : `#/components/schemas/${target}`;
    mapping[value] = mapSchema(
      ctx,
      { $ref: ref },
      childPointer(pointer, 'discriminator', 'mapping', value),
      base,
      'output',
    ).type;
  }
  const name = ctx.registry.allocateName(base, owner, ctx.source.name, pointer);
  const description = stringOf(schema['description']);
  ctx.registry.types.set(name, {
    kind: 'union',
    name,
    members: [...new Set(memberTypes)],
    ...(description ? { description } : {}),
  });
  ctx.plan.unions[name] = { source: ctx.source.name, pointer, propertyName, mapping };
  return { type: name, nullable };
}

/** A member's discriminator value when no mapping names it: its component name, or a one-value enum. */
function implicitDiscriminatorValue(
  ctx: SourceContext,
  node: unknown,
  pointer: string,
  propertyName: string,
): string | undefined {
  const resolved = resolveRef(ctx, node, pointer);
  const property = collectProperties(ctx, resolved.node, resolved.pointer).properties.find(
    (p) => p.name === propertyName,
  );
  const values = property && isObject(property.schema) ? property.schema['enum'] : undefined;
  if (Array.isArray(values) && values.length === 1 && typeof values[0] === 'string')
    return values[0];
  return resolved.componentName;
}
