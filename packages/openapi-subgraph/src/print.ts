import { parse, print } from 'graphql';
import type { ArgDef, FieldDef, Registry, TypeDef } from './ir';

const describe = (description: string | undefined, indent = ''): string =>
  description ? `${indent}${JSON.stringify(description)}\n` : '';

function printArgs(args: ArgDef[]): string {
  if (args.length === 0) return '';
  return `(${args.map((arg) => `${describe(arg.description)}${arg.name}: ${arg.type}`).join(', ')})`;
}

function printField(field: FieldDef): string {
  const directives = field.directives.length ? ` ${field.directives.join(' ')}` : '';
  return `${describe(field.description, '  ')}  ${field.name}${printArgs(field.args)}: ${field.type}${directives}`;
}

function printType(type: TypeDef, sortFields: boolean): string {
  const head = describe(type.description);
  switch (type.kind) {
    case 'scalar':
      return `${head}scalar ${type.name}`;
    case 'enum':
      return `${head}enum ${type.name} {\n${type.values.map((v) => `  ${v}`).join('\n')}\n}`;
    case 'union':
      return `${head}union ${type.name} = ${[...type.members].sort().join(' | ')}`;
    case 'input':
      return `${head}input ${type.name} {\n${type.fields.map(printField).join('\n')}\n}`;
    case 'object': {
      const fields = sortFields
        ? [...type.fields].sort((a, b) => a.name.localeCompare(b.name))
        : type.fields;
      const directives = type.directives.length ? ` ${type.directives.join(' ')}` : '';
      return `${head}type ${type.name}${directives} {\n${fields.map(printField).join('\n')}\n}`;
    }
  }
}

/**
 * The subgraph SDL: the federation `@link` first, then Query, Mutation and every other
 * type by name. Root fields are sorted (several sources add to them); an object's own
 * fields keep the document's order. Printed through `graphql`'s printer for one layout.
 */
export function printSubgraph(registry: Registry, federationVersion: string): string {
  const definitions = [...registry.types.values()].filter(
    (type) => type.kind !== 'object' || type.fields.length > 0,
  );
  const roots = ['Query', 'Mutation'];
  const ordered = [
    ...roots.flatMap((name) => definitions.filter((type) => type.name === name)),
    ...definitions
      .filter((type) => !roots.includes(type.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  ];
  const imports = new Set<string>();
  for (const type of ordered) {
    if (type.kind !== 'object') continue;
    for (const directive of [...type.directives, ...type.fields.flatMap((f) => f.directives)]) {
      imports.add(/^@\w+/.exec(directive)?.[0] ?? directive);
    }
  }
  const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v${federationVersion}", import: [${[
    ...imports,
  ]
    .sort()
    .map((name) => JSON.stringify(name))
    .join(', ')}])`;
  const body = ordered.map((type) => printType(type, roots.includes(type.name))).join('\n\n');
  return `${print(parse(`${link}\n\n${body}\n`))}\n`;
}
