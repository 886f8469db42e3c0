// Hive Gateway over GraphQL Mesh (contender H of S4): the REST services as Mesh sources that
// @omnigraph/openapi generates from the same OpenAPI documents, composed with
// products-subgraph and users-subgraph by @graphql-mesh/fusion-composition (what Mesh's
// compose CLI runs) and served by @graphql-hive/gateway. Mesh ignores the documents'
// Intershop extensions (x-element-type link lists, x-source-type reverse links, x-target-type)
// and answers a REST call as a union of its status codes' types, so the three fields S4's
// query needs from them are declared here with Mesh's additionalTypeDefs and
// additionalResolvers (the documented way to add what a source cannot declare), calling the
// sources through the gateway's in-context SDK: Product.reviews (the link list, then each
// linked review), Product.manuals (204 as null) and Review.author (users-subgraph's `user`).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import {
  createRenameFieldTransform,
  getUnifiedGraphGracefully,
} from '@graphql-mesh/fusion-composition';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { loadGraphQLSchemaFromOpenAPI } from '@omnigraph/openapi';
import { buildASTSchema, parse, type GraphQLResolveInfo } from 'graphql';
import { REPO_ROOT } from './settings';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const apps = (...path: string[]) => join(REPO_ROOT, 'apps', ...path);
const subgraph = (name: string) =>
  buildASTSchema(parse(readFileSync(apps(`${name}-subgraph`, 'schema.graphql'), 'utf8')), {
    assumeValidSDL: true,
  });
const openapi = (name: string, service: string, endpoint: string) =>
  loadGraphQLSchemaFromOpenAPI(name, {
    source: apps(service, 'openapi.yaml'),
    endpoint,
    cwd: REPO_ROOT,
  });

/** One call of a source's root field through the in-context SDK. */
type SdkCall = (options: {
  root: unknown;
  args: Record<string, unknown>;
  context: unknown;
  info: GraphQLResolveInfo;
  selectionSet: string;
}) => Promise<Record<string, unknown> | null>;
type Sdk = Record<string, { Query: Record<string, SdkCall> }>;
const sdk = (context: unknown) => context as Sdk;

const ADDITIONS = /* GraphQL */ `
  extend type Product {
    reviews(first: Int): [Review]
    manuals: Manual
  }
  extend type Review {
    author: User
  }
`;

const resolvers = {
  Product: {
    reviews: {
      selectionSet: '{ _id }',
      async resolve(
        root: { _id: string },
        args: { first?: number },
        context: unknown,
        info: GraphQLResolveInfo,
      ) {
        const { reviews } = sdk(context);
        const list = await reviews!.Query['listProductReviews']!({
          root,
          args: { productKey: root._id, amount: args.first },
          context,
          info,
          selectionSet: '{ __typename ... on LinkList { elements { url } } }',
        });
        const links = (list?.['elements'] ?? []) as { url: string }[];
        return Promise.all(
          links.map(async (link) => {
            const review = await reviews!.Query['getReview']!({
              root,
              args: { id: link.url.slice(link.url.lastIndexOf('/') + 1) },
              context,
              info,
              selectionSet: '{ __typename ... on Review { rating text authorId } }',
            });
            return review?.['__typename'] === 'Review' ? review : null;
          }),
        );
      },
    },
    manuals: {
      selectionSet: '{ _id }',
      async resolve(
        root: { _id: string },
        _args: unknown,
        context: unknown,
        info: GraphQLResolveInfo,
      ) {
        const manual = await sdk(context)['manuals']!.Query['getManual']!({
          root,
          args: { productKey: root._id },
          context,
          info,
          selectionSet: '{ __typename ... on Manual { url } }',
        });
        return manual?.['__typename'] === 'Manual' ? manual : null;
      },
    },
  },
  Review: {
    author: {
      selectionSet: '{ authorId }',
      resolve(
        root: { authorId: string },
        _args: unknown,
        context: unknown,
        info: GraphQLResolveInfo,
      ) {
        return sdk(context)['users']!.Query['user']!({
          root,
          args: { id: root.authorId },
          context,
          info,
          selectionSet: '{ username }',
        });
      },
    },
  },
};

async function main() {
  const supergraph = getUnifiedGraphGracefully([
    { name: 'products', schema: subgraph('products'), url: env('PRODUCTS_URL') },
    { name: 'users', schema: subgraph('users'), url: env('USERS_URL') },
    {
      name: 'reviews',
      schema: await openapi('reviews', 'reviews-service', env('REVIEWS_SERVICE_URL')),
      // Mesh reads the author link as a getReview call; the field is declared above instead.
      transforms: [
        createRenameFieldTransform(({ typeName, fieldName }) =>
          typeName === 'Review' && fieldName === 'author' ? 'authorLink' : fieldName,
        ),
      ],
    },
    {
      name: 'manuals',
      schema: await openapi('manuals', 'manuals-service', env('MANUALS_SERVICE_URL')),
    },
  ]);
  const gateway = createGatewayRuntime({
    supergraph,
    additionalTypeDefs: ADDITIONS,
    additionalResolvers: resolvers as never,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: 'warn',
  });
  const server = createServer(gateway);
  server.keepAliveTimeout = 65_000;
  server.listen(Number(env('PORT')), process.env['HOST'] ?? '127.0.0.1');
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
  });
}

main().catch((error: Error) => {
  process.stderr.write(`mesh gateway failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
