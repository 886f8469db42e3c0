import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The one graphql-codegen setup every subgraph uses (each app's codegen.ts names only its
 * mappers): resolver types for Federation from `schema.graphql` into src/__generated__/,
 * typed against the app's Context, with schema types mapped to the domain's own models.
 */
export function subgraphCodegen(mappers: Record<string, string>): CodegenConfig {
  return {
    schema: 'schema.graphql',
    generates: {
      'src/__generated__/resolvers-types.ts': {
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          contextType: '../context#Context',
          mapperTypeSuffix: 'Model',
          mappers,
          enumsAsTypes: true,
          useTypeImports: true,
        },
      },
    },
  };
}
