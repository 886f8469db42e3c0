import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
} from 'graphql';

/** What a list field's `@listSize` (https://specs.apollo.dev/cost/v0.1) says of its size. */
export type ListSize = { assumedSize?: number; slicingArguments?: string[] };

/** `@listSize` hints by `Type.field`. */
export type ListSizes = ReadonlyMap<string, ListSize>;

const COST_SPEC = /^https:\/\/specs\.apollo\.dev\/cost\/v\d+\.\d+$/;

/**
 * The `@listSize` hints of a supergraph. Composition (federation 2.9+) keeps them in the
 * supergraph, but the API schema the gateway validates against drops every directive, so
 * they are read from the supergraph's text. The directive's name is the one the
 * supergraph's `@link` to the cost spec gives it (`@listSize`, `@cost__listSize`, or an
 * alias).
 */
export function listSizesOf(supergraphSdl: string): ListSizes {
  const document = parse(supergraphSdl);
  const name = listSizeDirectiveName(document);
  const sizes = new Map<string, ListSize>();
  if (!name) return sizes;
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === name);
      if (directive) sizes.set(`${definition.name.value}.${field.name.value}`, hint(directive));
    }
  }
  return sizes;
}

function listSizeDirectiveName(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) {
      continue;
    }
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const url = argument(link, 'url');
      if (url?.kind !== Kind.STRING || !COST_SPEC.test(url.value)) continue;
      const as = argument(link, 'as');
      const prefix = as?.kind === Kind.STRING ? as.value : 'cost';
      const imports = argument(link, 'import');
      for (const imported of imports?.kind === Kind.LIST ? imports.values : []) {
        if (imported.kind === Kind.STRING && imported.value === '@listSize') return 'listSize';
        if (imported.kind === Kind.OBJECT) {
          const field = (key: string) => imported.fields.find((f) => f.name.value === key)?.value;
          const importedName = field('name');
          const alias = field('as');
          if (importedName?.kind === Kind.STRING && importedName.value === '@listSize') {
            return alias?.kind === Kind.STRING ? alias.value.replace(/^@/, '') : 'listSize';
          }
        }
      }
      return `${prefix}__listSize`;
    }
  }
  return undefined;
}

function hint(directive: ConstDirectiveNode): ListSize {
  const size: ListSize = {};
  const assumed = argument(directive, 'assumedSize');
  if (assumed?.kind === Kind.INT) size.assumedSize = Number(assumed.value);
  const slicing = argument(directive, 'slicingArguments');
  if (slicing?.kind === Kind.LIST) {
    size.slicingArguments = slicing.values.flatMap((value) =>
      value.kind === Kind.STRING ? [value.value] : [],
    );
  }
  return size;
}

function argument(directive: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}
