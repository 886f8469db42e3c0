import { parse, print } from 'graphql';
import { generateSubgraph, type GenerateOptions, type Source, type SourceOptions } from '../src';

export type Fragment = {
  paths?: Record<string, unknown>;
  components?: Record<string, unknown>;
} & Record<string, unknown>;

/** A whole document around a fragment. */
export function documentOf(fragment: Fragment, openapi = '3.0.3'): object {
  return { openapi, info: { title: 'test', version: '1' }, paths: {}, ...fragment };
}

export function generate(
  fragment: Fragment,
  options: { openapi?: string; source?: SourceOptions } = {},
) {
  return generateSubgraph([
    {
      name: 'test',
      document: documentOf(fragment, options.openapi),
      options: options.source ?? {},
    },
  ]);
}

export function generateMany(sources: Source[], options?: GenerateOptions) {
  return generateSubgraph(sources, options);
}

/** One definition of an SDL, printed alone (layout-independent comparisons). */
export function definition(sdl: string, name: string): string | undefined {
  const found = parse(sdl).definitions.find((d) => 'name' in d && d.name?.value === name);
  return found ? print(found) : undefined;
}

/** `print(parse(sdl))` of an expected definition written by hand. */
export function normalised(sdl: string): string {
  return print(parse(sdl));
}

/** The type of one field, as printed: `fieldType(sdl, 'Pet', 'id') === 'BigInt!'`. */
export function fieldType(sdl: string, type: string, field: string): string | undefined {
  const found = parse(sdl).definitions.find((d) => 'name' in d && d.name?.value === type);
  if (!found || !('fields' in found) || !found.fields) return undefined;
  const node = (
    found.fields as ReadonlyArray<{ name: { value: string }; type: Parameters<typeof print>[0] }>
  ).find((f) => f.name.value === field);
  return node ? print(node.type) : undefined;
}

/** GET /thing answering `schema`. */
export function getting(schema: unknown, components: Record<string, unknown> = {}): Fragment {
  return {
    paths: {
      '/thing': {
        get: {
          operationId: 'getThing',
          responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } },
        },
      },
    },
    components: { schemas: components },
  };
}

/** POST /thing taking `schema` as its body. */
export function posting(
  schema: unknown,
  components: Record<string, unknown> = {},
  required = true,
): Fragment {
  return {
    paths: {
      '/thing': {
        post: {
          operationId: 'createThing',
          requestBody: { required, content: { 'application/json': { schema } } },
          responses: { '204': { description: 'done' } },
        },
      },
    },
    components: { schemas: components },
  };
}
